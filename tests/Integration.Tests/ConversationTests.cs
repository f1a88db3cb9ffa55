using System.Text;
using FluentAssertions;
using PyChat.Client;
using PyChat.Integration.Tests.Support;
using PyChat.Protocol;

namespace PyChat.Integration.Tests;

[Collection(RelayCollection.Name)]
public sealed class ConversationTests(RelayFixture relay)
{
    [Fact]
    public async Task TenMembers_ChattingAtOnce_EachReceivesEveryOtherMembersMessageExactlyOnce()
    {
        await using var crowd = await Crowd.GatherAsync(relay, relay.UniqueName("ten"), 10);

        await Task.WhenAll(crowd.All.Select(async m =>
        {
            for (var i = 0; i < 3; i++)
            {
                await m.Room.SendAsync($"{m.Name} says {i}");
            }
        }));

        // A last message from everyone: frames from one sender arrive in order, so once it is in,
        // everything that sender sent before it, and any duplicate of it, would be in too.
        await Task.WhenAll(crowd.All.Select(m => m.Room.SendAsync($"{m.Name} is done")));
        foreach (var member in crowd.All)
        {
            var others = crowd.All.Where(o => o != member).ToList();
            foreach (var other in others)
            {
                await member.Events.WaitForMessageAsync($"{other.Name} is done");
            }

            var expected = others.SelectMany(o => Enumerable.Range(0, 3).Select(i => $"{o.Name} says {i}").Append($"{o.Name} is done"));
            var received = member.Events.Messages();
            received.Select(m => m.Text).Should().BeEquivalentTo(expected, "every message arrives once: none lost, none doubled");
            received.Should().OnlyContain(m => m.Text.StartsWith(m.Sender + " ", StringComparison.Ordinal), "the sender is the one the relay authenticated");
            member.Events.Snapshot().OfType<MessageRejected>().Should().BeEmpty();
        }
    }

    [Fact]
    public async Task MessageOfTheLongestLength_Arrives_AndOneByteMore_IsRefusedAtOnce_WithNothingSent()
    {
        await using var crowd = await Crowd.GatherAsync(relay, relay.UniqueName("long"), 2);
        var (alice, bob) = (crowd[0], crowd[1]);
        // Three-byte characters, so the bound is in bytes of UTF-8, not characters.
        var longest = new string('€', ChatRoom.MaxMessageBytes / 3) + new string('x', ChatRoom.MaxMessageBytes % 3);
        Encoding.UTF8.GetByteCount(longest).Should().Be(ChatRoom.MaxMessageBytes);

        var tooLong = () => alice.Room.SendAsync(longest + "x");
        (await tooLong.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain($"{ChatRoom.MaxMessageBytes + 1} bytes").And.NotContain("€€");

        await alice.Room.SendAsync(longest);
        await alice.Room.SendAsync("after the long one");
        await bob.Events.WaitForMessageAsync("after the long one");
        bob.Events.Messages().Select(m => m.Text).Should().Equal(longest, "after the long one");
    }

    [Fact]
    public async Task EleventhMember_JoiningAFullRoom_IsRefusedWithRoomFull()
    {
        var room = relay.UniqueName("full");
        await using var crowd = await Crowd.GatherAsync(relay, room, 10);
        await using var eleventh = await relay.RegisterAsync("eleventh");

        var join = () => eleventh.Client.JoinRoomAsync(room);

        (await join.Should().ThrowAsync<PyChatRelayException>()).Which.Code.Should().Be(ErrorCode.RoomFull);
        (await eleventh.Client.ListRoomsAsync()).Should().ContainEquivalentOf(new RoomInfo(room, 10, 10));
        crowd[0].Room.Members.Should().HaveCount(10);
    }

    [Fact]
    public async Task Hub_LeavingMidConversation_LosesNoMessageOfTheMembersWhoStay()
    {
        await using var crowd = await Crowd.GatherAsync(relay, relay.UniqueName("hubleaves"), 4);
        var hub = crowd[0];
        var stayers = crowd.All.Skip(1).ToList();
        hub.Room.Hub.Should().Be(hub.Name);

        await Task.WhenAll(stayers.Select(async m =>
        {
            for (var i = 0; i < 10; i++)
            {
                await m.Room.SendAsync($"{m.Name} #{i}");
                if (i == 4 && m == stayers[0])
                {
                    await hub.Room.LeaveAsync();
                }
            }
        }));

        foreach (var member in stayers)
        {
            var expected = stayers.Where(o => o != member).SelectMany(o => Enumerable.Range(0, 10).Select(i => $"{o.Name} #{i}")).ToList();
            foreach (var text in expected)
            {
                await member.Events.WaitForMessageAsync(text);
            }

            member.Events.Messages().Select(m => m.Text).Should().BeEquivalentTo(expected);
            member.Events.Snapshot().OfType<MessageRejected>().Should().BeEmpty();
            member.Room.Hub.Should().Be(stayers[0].Name, "the longest-present remaining member is elected");
            member.Room.Members.Select(m => m.Name).Should().NotContain(hub.Name);
        }
    }

    [Fact]
    public async Task Relay_NeverReceivesTheTextOfAMessage()
    {
        await using var crowd = await Crowd.GatherAsync(relay, relay.UniqueName("secret"), 3);
        const string Secret = "the owl flies at dawn 7f3a";

        await crowd[1].Room.SendAsync(Secret);
        await crowd[0].Events.WaitForMessageAsync(Secret);
        await crowd[2].Events.WaitForMessageAsync(Secret);

        var plaintext = Encoding.UTF8.GetBytes(Secret);
        foreach (var member in crowd.All)
        {
            member.Tap.Sent().Should().NotBeEmpty();
            member.Tap.Sent().Should().NotContain(frame => Holds(frame, plaintext), "what a client sends is exactly what the relay receives");
            member.Tap.Received().Should().NotContain(frame => Holds(frame, plaintext));
        }
    }

    private static bool Holds(byte[] frame, byte[] bytes) => frame.AsSpan().IndexOf(bytes) >= 0;
}
