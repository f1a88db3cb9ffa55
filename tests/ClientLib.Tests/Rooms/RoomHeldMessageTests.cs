using FluentAssertions;
using PyChat.Client;
using PyChat.Client.Internal.Payloads;
using PyChat.Protocol.Frames;
using static PyChat.ClientLib.Tests.Rooms.RoomConversationTests;

namespace PyChat.ClientLib.Tests.Rooms;

/// <summary>Messages and Rekeys a relay delivers early, late or twice must not cost honest members their messages or their keys.</summary>
public sealed class RoomHeldMessageTests
{
    [Fact]
    public void OneSenderFloodingTheHeldQueue_DoesNotCrowdOutTheOthers()
    {
        var options = RoomSessionOptions.Default with { PendingMessageLimit = 10, PendingMessagesPerSender = 5 };
        var (relay, alice, bob) = TwoMembers(options);
        var carol = relay.Join("carol", options);
        relay.DeliverTo("alice"); // alice sees carol and rekeys to 3
        relay.DeliverTo("carol");
        for (var i = 0; i < 20; i++)
        {
            carol.Send($"flood {i}");
        }

        alice.Send("from alice");

        // bob's inbox: MemberJoined(carol), Rekey(3), then the chats: the relay gives him the chats first.
        var inbox = bob.Inbox.ToList();
        bob.Inbox.Clear();
        bob.Inject(inbox[0]);
        foreach (var chat in inbox.Skip(2))
        {
            bob.Inject(chat);
        }

        bob.Inject(inbox[1]);

        bob.Messages.Where(m => m.Sender == "alice").Select(m => m.Text).Should().Equal("from alice");
        bob.Messages.Count(m => m.Sender == "carol").Should().Be(5);
        bob.Rejections.Should().HaveCount(15).And.OnlyContain(r => r.Sender == "carol" && r.Reason == RejectionReason.KeyNotReceived);
    }

    [Fact]
    public void OldRekeyReplayedToAJoiner_DoesNotLockItOut()
    {
        var (relay, alice, _) = TwoMembers();
        var oldRekey = relay.Delivered.Last(f => ((DeliverFrame)Frame.Decode(f)).Payload.Span[0] == (byte)PayloadKind.Rekey);
        relay.Join("carol");
        relay.DeliverAll();
        alice.Session.CurrentEpoch.Should().Be(3);

        // dave joins; before the hub's Rekey for him the relay replays the epoch-2 Rekey, which holds no key for him.
        var dave = relay.Join("dave");
        relay.DeliverTo("dave");
        dave.Inject(oldRekey);
        relay.DeliverAll();

        dave.Session.CurrentEpoch.Should().Be(4);
        dave.Session.HasKey.Should().BeTrue();
        alice.Send("welcome dave");
        relay.DeliverAll();
        dave.Messages.Select(m => m.Text).Should().Equal("welcome dave");
    }
}
