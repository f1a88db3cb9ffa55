using System.Text;
using FluentAssertions;
using PyChat.Protocol.Frames;
using PyChat.TestSupport;

namespace PyChat.Relay.Tests.Connections;

/// <summary>
/// Two members talking in a room of their own while something else happens on the relay. They take
/// turns, one message each way per round, and each reads strictly in order, so a lost, duplicated,
/// altered or stray frame fails the conversation.
/// </summary>
internal sealed class QuietConversation
{
    /// <summary>Far from any name a mutated "fuzz" could become: the attacker cannot stumble into it.</summary>
    public const string Room = "quiet-room-of-alice-and-bob";

    private readonly RelayTestClient _alice;
    private readonly RelayTestClient _bob;

    private QuietConversation(RelayTestClient alice, RelayTestClient bob)
    {
        _alice = alice;
        _bob = bob;
    }

    /// <summary>Messages delivered so far, each exactly once and intact.</summary>
    public int Delivered { get; private set; }

    public static async Task<QuietConversation> StartAsync(TestRelay relay)
    {
        var alice = await relay.RegisteredAsync("alice");
        var bob = await relay.RegisteredAsync("bob");
        (await alice.CreateRoomAsync(Room)).Should().BeOfType<RoomJoinedFrame>();
        (await bob.JoinRoomAsync(Room)).Should().BeOfType<RoomJoinedFrame>();
        (await alice.ReceiveAsync<MemberJoinedFrame>()).Member.Name.Should().Be("bob");
        return new QuietConversation(alice, bob);
    }

    /// <summary>
    /// Talks until <paramref name="stop"/> is cancelled, and for at least <paramref name="minimumRounds"/>;
    /// then checks that nothing but the conversation reached either member.
    /// </summary>
    public async Task TalkAsync(int minimumRounds, CancellationToken stop)
    {
        for (var round = 0; round < minimumRounds || !stop.IsCancellationRequested; round++)
        {
            await SayAsync(_alice, "alice", _bob, round);
            await SayAsync(_bob, "bob", _alice, round);
        }

        // The relay answers in order, so each member's next frame must be the answer to its own request.
        foreach (var member in new[] { _alice, _bob })
        {
            await member.SendAsync(new ListRoomsFrame(member.NextRequestId()));
            (await member.ReceiveAsync()).Should().BeOfType<RoomListFrame>("nothing but the conversation was sent to its members");
        }
    }

    private async Task SayAsync(RelayTestClient from, string sender, RelayTestClient to, int round)
    {
        var message = Message(sender, round);
        await from.PublishAsync(Room, message);
        (await from.ReceiveAsync()).Should().BeOfType<PublishedFrame>("every Publish is acknowledged to its sender");
        var deliver = (await to.ReceiveAsync()).Should().BeOfType<DeliverFrame>().Subject;
        deliver.Room.Should().Be(Room);
        deliver.Sender.Should().Be(sender);
        deliver.Payload.ToArray().Should().Equal(message);
        Delivered++;
    }

    /// <summary>A message that names its sender and round, of a length that varies from round to round.</summary>
    private static byte[] Message(string sender, int round) =>
        Encoding.UTF8.GetBytes($"{sender} {round} ".PadRight(8 + (round * 37 % 300), (char)('a' + (round % 26))));
}
