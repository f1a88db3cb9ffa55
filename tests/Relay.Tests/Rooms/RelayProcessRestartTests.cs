using FluentAssertions;
using PyChat.Protocol;
using PyChat.Protocol.Frames;
using PyChat.Relay.Tests.Admission;
using PyChat.TestSupport;
using PyChat.TestSupport.Relays;
using PyChat.TestSupport.Servers;

namespace PyChat.Relay.Tests.Rooms;

/// <summary>
/// The relay as its own process, stopped with SIGTERM or killed with SIGKILL, and started again on the same folder, with
/// its rooms in rooms.db or in a real Redis.
/// </summary>
public sealed class RelayProcessRestartTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [Theory]
    [InlineData("rooms.db")]
    [InlineData("Redis")]
    public async Task RelayKilledWithSigkill_RightAfterAnAck_ComesBackWithTheRoom_AndTheAcknowledgedMessage(string storage)
    {
        var arguments = await StorageAsync(storage);
        using var folder = new TempDirectory();
        using var aliceIdentity = new TestIdentity("alice");
        using var bobIdentity = new TestIdentity("bob");
        ulong logEpoch;
        await using (var first = await RelayProcess.StartAsync(folder, 4096, arguments))
        {
            await using var alice = await RegisteredAsync(first, aliceIdentity);
            logEpoch = ((RoomJoinedFrame)await alice.CreateRoomAsync("lobby")).LogEpoch;
            await using var bob = await RegisteredAsync(first, bobIdentity);
            await bob.JoinRoomAsync("lobby");
            await alice.ReceiveAsync<MemberJoinedFrame>();
            await alice.PublishAsync("lobby", [0x51, 0x6B]);
            (await alice.ReceiveAsync<PublishedFrame>()).Offset.Should().Be(3);
            bob.Socket.Abort(); // a client that closed with 1000 would leave the room; these lose the relay instead
            alice.Socket.Abort();
        } // SIGKILL

        await using var second = await RelayProcess.StartAsync(folder, 4096, arguments);
        await using var back = await LoggedInAsync(second, bobIdentity);
        (await back.ResumeRoomAsync("lobby", logEpoch, 2)).Should().Be(new RoomResumedFrame(2, "lobby", "bob", 6));
        (await back.ReceiveRawAsync()).Should().Equal(new DeliverFrame("lobby", 3, "alice", new byte[] { 0x51, 0x6B }).Encode());
        (await back.ReceiveAsync()).Should().BeOfType<MemberAwayFrame>().Which.Offset.Should().Be(4);
        (await back.ReceiveAsync()).Should().BeOfType<MemberAwayFrame>().Which.Offset.Should().Be(5);
        (await back.ReceiveAsync()).Should().Be(new MemberBackFrame("lobby", 6, "bob", "bob"));
    }

    [Theory]
    [InlineData("rooms.db")]
    [InlineData("Redis")]
    public async Task RelayStoppedWithSigterm_Closes1012_AndComesBackWithTheRoom(string storage)
    {
        var arguments = await StorageAsync(storage);
        using var folder = new TempDirectory();
        using var aliceIdentity = new TestIdentity("alice");
        ulong logEpoch;
        await using (var first = await RelayProcess.StartAsync(folder, 4096, arguments))
        {
            await using var alice = await RegisteredAsync(first, aliceIdentity);
            logEpoch = ((RoomJoinedFrame)await alice.CreateRoomAsync("lobby")).LogEpoch;
            var closed = alice.ReceiveCloseAsync();

            (await first.StopAsync()).Should().Be(0);
            (await closed).Should().Be(CloseCode.ServiceRestart);
        }

        await using var second = await RelayProcess.StartAsync(folder, 4096, arguments);
        await using var back = await LoggedInAsync(second, aliceIdentity);
        (await back.ResumeRoomAsync("lobby", logEpoch, 1)).Should().Be(new RoomResumedFrame(2, "lobby", "alice", 3));
        (await back.ReceiveAsync()).Should().Be(new MemberAwayFrame("lobby", 2, "alice", "alice"), "the stop made her away");
        (await back.ReceiveAsync()).Should().Be(new MemberBackFrame("lobby", 3, "alice", "alice"));
    }

    private async Task<string[]> StorageAsync(string storage)
    {
        if (storage != "Redis")
        {
            return [];
        }

        await redis.Server.CommandAsync("FLUSHALL");
        return ["--Relay:Cluster:Redis", redis.Server.Configuration];
    }

    private static async Task<RelayTestClient> RegisteredAsync(RelayProcess relay, TestIdentity identity)
    {
        var client = await RelayTestClient.ConnectAsync(relay.WebSocketUri, relay.CaCertificatePath);
        (await client.RegisterAsync(identity)).Should().BeOfType<OkFrame>();
        return client;
    }

    private static async Task<RelayTestClient> LoggedInAsync(RelayProcess relay, TestIdentity identity)
    {
        var client = await RelayTestClient.ConnectAsync(relay.WebSocketUri, relay.CaCertificatePath);
        (await client.LoginAsync(identity)).Should().BeOfType<OkFrame>();
        return client;
    }
}
