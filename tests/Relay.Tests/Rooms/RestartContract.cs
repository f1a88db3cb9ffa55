using FluentAssertions;
using Microsoft.Extensions.Time.Testing;
using PyChat.Protocol;
using PyChat.Protocol.Frames;

namespace PyChat.Relay.Tests.Rooms;

/// <summary>
/// What every durable room log gives across a relay restart, in rooms.db or in Redis: the room back with its members
/// away, its log epoch and offsets, resumes that catch up exactly, and grace periods that start again at startup.
/// </summary>
public abstract class RestartContract
{
    [Fact]
    public async Task RelayRestartedOnTheSameDataDirectory_BringsTheRoomBackWithMembersAway_SameLogEpoch_AndResumeCatchesUpExactly()
    {
        await using var relay = await StartAsync();
        var (alice, aliceIdentity) = await relay.MemberAsync("alice");
        var created = (RoomJoinedFrame)await alice.CreateRoomAsync("lobby");
        var (bob, bobIdentity) = await relay.MemberAsync("bob");
        await bob.JoinRoomAsync("lobby");
        await alice.ReceiveAsync<MemberJoinedFrame>();
        await alice.PublishAsync("lobby", [3]);
        (await alice.ReceiveAsync<PublishedFrame>()).Offset.Should().Be(3);
        var message = (await bob.ReceiveAsync<DeliverFrame>()).Encode();

        // Closed with 1012, both seats are away (offsets 4 and 5, in whichever order the two connections ended).
        await using var restarted = await RestartAsync(relay);

        var bobBack = await restarted.LoggedInAsync(bobIdentity);
        (await bobBack.ListRoomsAsync()).Rooms.Should().Equal(new RoomSummary("lobby", 2, 10));
        (await bobBack.ResumeRoomAsync("lobby", created.LogEpoch, 2)).Should().Be(new RoomResumedFrame(3, "lobby", "bob", 6));
        (await bobBack.ReceiveRawAsync()).Should().Equal(message, "the log kept the exact bytes bob was sent");
        var aways = new[] { (MemberAwayFrame)await bobBack.ReceiveAsync(), (MemberAwayFrame)await bobBack.ReceiveAsync() };
        aways.Select(a => a.Offset).Should().Equal(4UL, 5UL);
        aways.Select(a => a.Member).Should().BeEquivalentTo("alice", "bob");
        (await bobBack.ReceiveAsync()).Should().Be(new MemberBackFrame("lobby", 6, "bob", "bob"));
        await bobBack.NothingElseQueuedAsync();

        var aliceBack = await restarted.LoggedInAsync(aliceIdentity);
        (await aliceBack.ResumeRoomAsync("lobby", created.LogEpoch, 3)).Should().Be(new RoomResumedFrame(2, "lobby", "alice", 7));
        (await aliceBack.ReceiveAsync()).Should().BeOfType<MemberAwayFrame>().Which.Offset.Should().Be(4);
        (await aliceBack.ReceiveAsync()).Should().BeOfType<MemberAwayFrame>().Which.Offset.Should().Be(5);
        (await aliceBack.ReceiveAsync()).Should().Be(new MemberBackFrame("lobby", 6, "bob", "bob"));
        (await aliceBack.ReceiveAsync()).Should().Be(new MemberBackFrame("lobby", 7, "alice", "alice"));
        (await bobBack.ReceiveAsync()).Should().Be(new MemberBackFrame("lobby", 7, "alice", "alice"));

        await aliceBack.PublishAsync("lobby", [8]);
        (await aliceBack.ReceiveAsync<PublishedFrame>()).Offset.Should().Be(8, "offsets go on where they were: none repeats");
        (await bobBack.ReceiveAsync<DeliverFrame>()).Offset.Should().Be(8);
    }

    [Fact]
    public async Task RestoredRoom_EndsWhenTheGracePeriodFromStartupRunsOut_WithNobodyBack()
    {
        await using var relay = await StartAsync();
        var (alice, aliceIdentity) = await relay.MemberAsync("alice");
        var created = (RoomJoinedFrame)await alice.CreateRoomAsync("lobby");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);

        await using var restarted = await RestartAsync(relay, time);
        var bob = await restarted.RegisteredAsync("bob");
        (await bob.ListRoomsAsync()).Rooms.Should().Equal(new RoomSummary("lobby", 1, 10));
        time.Advance(TimeSpan.FromMinutes(2));

        (await bob.ListRoomsAsync()).Rooms.Should().BeEmpty();
        var late = await restarted.LoggedInAsync(aliceIdentity);
        (await late.ResumeRoomAsync("lobby", created.LogEpoch, 1)).Should().BeOfType<ErrorFrame>().Which.Code.Should().Be(ErrorCode.UnknownRoom);
    }

    /// <summary>The arguments that choose the room log under test; none for the default, rooms.db.</summary>
    private protected virtual string[] StorageArguments => [];

    private protected Task<TestRelay> StartAsync(FakeTimeProvider? time = null, params string[] extra) =>
        TestRelay.StartAsync(time, [.. StorageArguments, .. extra]);

    private protected Task<TestRelay> RestartAsync(TestRelay relay, FakeTimeProvider? time = null, params string[] extra) =>
        relay.RestartAsync(time, [.. StorageArguments, .. extra]);
}
