using FluentAssertions;
using PyChat.Protocol;
using PyChat.Protocol.Frames;
using PyChat.Relay.Tests.Connections;
using PyChat.TestSupport;
using PyChat.TestSupport.Servers;

namespace PyChat.Relay.Tests.Rooms;

/// <summary>
/// Rooms and their logs in a real Redis (<c>Relay:Cluster:Redis</c>): the restart contract, the bounds kept in Redis, a
/// Redis that crashes and comes back under a running relay, and the claim that keeps a second node from writing them.
/// </summary>
public sealed class RedisRestartTests(RedisFixture redis) : RestartContract, IClassFixture<RedisFixture>, IAsyncLifetime
{
    public async Task InitializeAsync() => await redis.Server.CommandAsync("FLUSHALL");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task RoomLogInRedis_KeepsAtMostMaxFramesPerRoom_AndNothingOfARoomThatEnded()
    {
        await using var relay = await StartAsync(null, "--Relay:RoomLog:MaxFrames", "3");
        var alice = await relay.RegisteredAsync("alice");
        await alice.CreateRoomAsync("lobby");
        for (var i = 0; i < 5; i++)
        {
            await alice.PublishAsync("lobby", [(byte)i]);
            (await alice.ReceiveAsync<PublishedFrame>()).Offset.Should().Be((ulong)i + 2);
        }

        (await redis.Server.CommandAsync("LLEN", "pychat:room:{lobby}:frames")).Should().Be("3");
        (await redis.Server.CommandAsync("HGET", "pychat:room:{lobby}", "last")).Should().Be("6");
        (await redis.Server.CommandAsync("SMEMBERS", "pychat:rooms")).Should().Be("lobby");

        (await alice.LeaveRoomAsync("lobby")).Should().BeOfType<OkFrame>();

        (await redis.Server.CommandAsync("EXISTS", "pychat:room:{lobby}", "pychat:room:{lobby}:frames")).Should().Be("0");
        (await redis.Server.CommandAsync("SCARD", "pychat:rooms")).Should().Be("0");
    }

    [Fact]
    public async Task RedisCrashingUnderARunningRelay_KeepsWhatWasAcknowledged_RefusesPublishesWhileDown_AndTheRelayRecoversByItself()
    {
        await using var relay = await StartAsync();
        var (alice, aliceIdentity) = await relay.MemberAsync("alice");
        var created = (RoomJoinedFrame)await alice.CreateRoomAsync("lobby");
        await alice.PublishAsync("lobby", [1]);
        (await alice.ReceiveAsync<PublishedFrame>()).Offset.Should().Be(2);

        await redis.Server.KillAsync();
        await redis.Server.StartAgainAsync();

        (await redis.Server.CommandAsync("HGET", "pychat:room:{lobby}", "last")).Should().Be("2", "an acknowledged message outlives a crash of Redis");
        (await redis.Server.CommandAsync("LLEN", "pychat:room:{lobby}:frames")).Should().Be("2");

        await redis.Server.KillAsync();
        await alice.PublishAsync("lobby", [2]);
        var refused = await alice.ReceiveAsync<ErrorFrame>();
        await redis.Server.StartAgainAsync();

        refused.Code.Should().Be(ErrorCode.InternalError, "a message the log could not keep is refused, never acknowledged");
        Frame? answer = null;
        for (var attempt = 0; answer is not PublishedFrame && attempt < 100; attempt++)
        {
            // The relay reconnects by itself; until it has, a publish is refused as above.
            await alice.PublishAsync("lobby", [3]);
            answer = await alice.ReceiveAsync();
        }

        var published = answer.Should().BeOfType<PublishedFrame>().Subject;
        published.Offset.Should().BeGreaterThan(3, "the refused message's offset is never given again");
        await using var restarted = await RestartAsync(relay);
        var back = await restarted.LoggedInAsync(aliceIdentity);
        (await back.ResumeRoomAsync("lobby", created.LogEpoch, published.Offset - 1)).Should().BeOfType<RoomResumedFrame>();
        (await back.ReceiveRawAsync()).Should().Equal(new DeliverFrame("lobby", published.Offset, "alice", new byte[] { 3 }).Encode());
    }

    [Fact]
    public async Task ASecondNode_OnTheSameRedis_ServesItsClientsThroughTheLeader_AndTakesTheRoomsOverWhenTheLeaderStops()
    {
        await using var first = await StartAsync(null, "--Relay:Cluster:NodeLease", "00:00:01");
        using var aliceIdentity = new TestIdentity("alice"); // hers, not the first node's: it outlives that node
        var alice = await first.ConnectAsync();
        (await alice.RegisterAsync(aliceIdentity)).Should().BeOfType<OkFrame>();
        var created = (RoomJoinedFrame)await alice.CreateRoomAsync("lobby");
        await using var second = await StartAsync(null, "--Relay:Cluster:NodeLease", "00:00:01");
        var bobIdentity = second.Identity("bob");
        var bob = await second.ConnectAsync();
        (await bob.RegisterAsync(bobIdentity)).Should().BeOfType<OkFrame>("each node keeps its own registry here; a cluster shares one in PostgreSQL");
        (await bob.ListRoomsAsync()).Rooms.Should().Equal([new RoomSummary("lobby", 1, 10)], "the second node hands its clients' requests to the leader");
        (await bob.JoinRoomAsync("lobby")).Should().BeOfType<RoomJoinedFrame>().Which.Offset.Should().Be(2);
        (await alice.ReceiveAsync<MemberJoinedFrame>()).Member.Name.Should().Be("bob");

        alice.Socket.Abort(); // her seat stays, away: a client that closed with 1000 would have left the room
        await first.DisposeAsync();

        (await bob.ReceiveCloseAsync()).Should().Be(CloseCode.ServiceRestart, "the leader changed: bob comes back and resumes");
        var bobBack = await second.LoggedInAsync(bobIdentity);
        (await bobBack.ResumeRoomAsync("lobby", created.LogEpoch, 2)).Should().BeOfType<RoomResumedFrame>("the second node serves the rooms the first kept");
        var aliceBack = await second.ConnectAsync();
        (await aliceBack.RegisterAsync(aliceIdentity)).Should().BeOfType<OkFrame>();
        (await aliceBack.ResumeRoomAsync("lobby", created.LogEpoch, 2)).Should().BeOfType<RoomResumedFrame>();
    }

    [Fact]
    public async Task ANode_WhoseClaimAnotherTook_ChangesNothing_AndStops_SoItsClientsComeBackElsewhere()
    {
        var log = new RecordingLoggerProvider();
        await using var relay = await TestRelay.StartAsync(
            null, services => services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(log), [.. StorageArguments, "--Relay:Cluster:NodeLease", "00:00:03"]);
        var alice = await relay.RegisteredAsync("alice");
        await alice.CreateRoomAsync("lobby");
        (await redis.Server.CommandAsync("HGET", "pychat:room:{lobby}", "last")).Should().Be("1");

        await redis.Server.CommandAsync("SET", "pychat:node", "another-node", "PX", "60000");
        await alice.PublishAsync("lobby", [9]);

        (await alice.ReceiveAsync<ErrorFrame>()).Code.Should().Be(ErrorCode.InternalError);
        (await alice.ReceiveCloseAsync()).Should().Be(CloseCode.ServiceRestart);
        (await redis.Server.CommandAsync("HGET", "pychat:room:{lobby}", "last")).Should().Be("1", "nothing was written after the claim was lost");
        log.Lines.Should().Contain(l => l.Contains("took over the rooms in Redis", StringComparison.Ordinal));
    }

    private protected override string[] StorageArguments => ["--Relay:Cluster:Redis", redis.Server.Configuration];
}
