using FluentAssertions;
using PyChat.Protocol;
using PyChat.Protocol.Frames;
using PyChat.Relay.Tests.Connections;
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
    public async Task ASecondNode_OnTheSameRedis_DoesNotStartWhileTheFirstLives_AndTakesTheRoomsOnceItStopped()
    {
        await using var first = await StartAsync(null, "--Relay:Cluster:NodeLease", "00:00:01");
        var alice = await first.RegisteredAsync("alice");
        await alice.CreateRoomAsync("lobby");

        var second = () => StartAsync(null, "--Relay:Cluster:NodeLease", "00:00:01");

        (await second.Should().ThrowAsync<RelayStartupException>()).Which.Message.Should().Contain("kept by another relay node");
        alice.Socket.Abort(); // her seat stays, away: a client that closed with 1000 would have left the room
        await first.DisposeAsync();
        await using var third = await StartAsync(null, "--Relay:Cluster:NodeLease", "00:00:01");
        var bob = await third.RegisteredAsync("bob");
        (await bob.ListRoomsAsync()).Rooms.Should().Equal([new RoomSummary("lobby", 1, 10)], "the rooms the first node kept are this node's now");
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
