using System.Net.WebSockets;
using FluentAssertions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PyChat.Protocol;
using PyChat.Protocol.Frames;
using PyChat.Relay.Connections;
using PyChat.Relay.Hosting;
using PyChat.Relay.Observability;
using PyChat.Relay.Rooms;
using PyChat.TestSupport;

namespace PyChat.Relay.Tests.Connections;

public sealed class RoutingTests
{
    [Fact]
    public async Task Publish_DeliversExactlyTheSameBytesToEveryOtherMemberButNotTheSender()
    {
        await using var relay = await TestRelay.StartAsync();
        var alice = await relay.RegisteredAsync("alice");
        await alice.CreateRoomAsync("lobby");
        var others = new List<PyChat.TestSupport.RelayTestClient>();
        foreach (var name in new[] { "bob", "carol", "dave" })
        {
            var client = await relay.RegisteredAsync(name);
            await client.JoinRoomAsync("lobby");
            others.Add(client);
        }

        for (var i = 0; i < others.Count; i++)
        {
            for (var j = 0; j < others.Count - i; j++)
            {
                await (i == 0 ? alice : others[i - 1]).ReceiveAsync<MemberJoinedFrame>();
            }
        }

        var payload = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        await alice.PublishAsync("lobby", payload);

        // Offsets: alice's creation is 1, each join the next, so the message comes right after the last join.
        (await alice.ReceiveAsync<PublishedFrame>()).Offset.Should().Be((ulong)others.Count + 2);
        var expected = new DeliverFrame("lobby", (ulong)others.Count + 2, "alice", payload).Encode();
        foreach (var other in others)
        {
            (await other.ReceiveRawAsync()).Should().Equal(expected);
        }

        (await alice.ListRoomsAsync()).Should().BeOfType<RoomListFrame>("the sender gets its acknowledgement, not its own message");
    }

    [Fact]
    public async Task Publish_KeepsTheSendersOrderForEachRecipient()
    {
        await using var relay = await TestRelay.StartAsync();
        var alice = await relay.RegisteredAsync("alice");
        await alice.CreateRoomAsync("lobby");
        var bob = await relay.RegisteredAsync("bob");
        await bob.JoinRoomAsync("lobby");

        for (var i = 0; i < 100; i++)
        {
            await alice.PublishAsync("lobby", BitConverter.GetBytes(i));
        }

        for (var i = 0; i < 100; i++)
        {
            var deliver = await bob.ReceiveAsync<DeliverFrame>();
            BitConverter.ToInt32(deliver.Payload.Span).Should().Be(i);
        }
    }

    [Fact]
    public async Task Publish_ToARoomTheSenderIsNotIn_IsRefusedWithNotMember()
    {
        await using var relay = await TestRelay.StartAsync();
        var alice = await relay.RegisteredAsync("alice");
        await alice.CreateRoomAsync("lobby");
        var bob = await relay.RegisteredAsync("bob");

        await bob.PublishAsync("lobby", [1, 2, 3]);
        await bob.PublishAsync("nowhere", [1, 2, 3]);

        (await bob.ReceiveAsync<ErrorFrame>()).Should().Be(new ErrorFrame(2, ErrorCode.NotMember, "not a member"));
        (await bob.ReceiveAsync<ErrorFrame>()).Code.Should().Be(ErrorCode.NotMember);
        (await alice.ListRoomsAsync()).Should().BeOfType<RoomListFrame>("nothing was delivered to alice");
    }

    [Fact]
    public void Publish_QueuesOneSharedArrayToEveryRecipient()
    {
        var options = Options.Create(new RelayOptions());
        using var rooms = new RoomDirectory(options, new InMemoryRoomLog(options), TimeProvider.System, RelayMetrics.Standalone(TimeProvider.System), NullLogger<RoomDirectory>.Instance);
        var members = Enumerable.Range(0, 4).Select(i => Connection($"user{i}")).ToList();
        rooms.Create(members[0], 1, "lobby", RelayTestClient.Announcement()).Result.Should().Be(RoomResult.Succeeded);
        foreach (var member in members.Skip(1))
        {
            rooms.Join(member, 1, "lobby", RelayTestClient.Announcement()).Result.Should().Be(RoomResult.Succeeded);
        }

        members.ForEach(Drain);
        var publish = new PublishFrame(1, "lobby", new byte[] { 9, 9, 9 }).Encode();

        rooms.Publish(members[0], 1, "lobby", publish, receivedAt: 0).Result.Should().Be(RoomResult.Succeeded);

        // The sender gets the acknowledgement with the message's offset (its own join was offset 1, the others 2–4).
        members[0].Outgoing.TryRead(out var ack).Should().BeTrue();
        Frame.Decode(ack!).Should().Be(new PublishedFrame(1, 5));
        members[0].Outgoing.TryRead(out _).Should().BeFalse();
        var delivered = members.Skip(1).Select(m => m.Outgoing.TryRead(out var frame) ? frame : null).ToList();
        delivered.Should().OnlyContain(frame => ReferenceEquals(frame, delivered[0]));
        delivered[0].Should().Equal(new DeliverFrame("lobby", 5, "user0", new byte[] { 9, 9, 9 }).Encode());
    }

    private static RelayConnection Connection(string user)
    {
        var connection = new RelayConnection(new ClientWebSocket(), null, 64);
        connection.Authenticate(user, [0x30]);
        return connection;
    }

    private static void Drain(RelayConnection connection)
    {
        while (connection.Outgoing.TryRead(out _))
        {
        }
    }
}
