using FluentAssertions;
using Microsoft.Extensions.Time.Testing;
using PyChat.Protocol;
using PyChat.Protocol.Frames;
using PyChat.TestSupport;

namespace PyChat.Relay.Tests.Rooms;

/// <summary>Away seats, their grace period and the hub rule (docs/PROTOCOL.md §5.1).</summary>
public sealed class AwayTests
{
    [Fact]
    public async Task DroppedConnection_MakesTheMemberAway_NotLeft_AndKeepsItsSeat()
    {
        await using var relay = await TestRelay.StartAsync();
        var (alice, bob) = await AliceAndBobInLobbyAsync(relay);

        bob.Socket.Abort();

        (await alice.ReceiveAsync()).Should().Be(new MemberAwayFrame("lobby", 3, "bob", "alice"));
        (await alice.ListRoomsAsync()).Rooms.Should().Equal(new RoomSummary("lobby", 2, 10));
        var carol = await relay.RegisteredAsync("carol");
        var joined = (RoomJoinedFrame)await carol.JoinRoomAsync("lobby");
        joined.Members.Select(m => m.Name).Should().Equal("alice", "bob", "carol");
        joined.Away.Should().Equal("bob");
    }

    [Fact]
    public async Task LeaveRoom_FromANewConnectionBeforeItsResume_GivesTheAwaySeatUpAtOnce()
    {
        await using var relay = await TestRelay.StartAsync();
        var alice = await relay.RegisteredAsync("alice");
        await alice.CreateRoomAsync("lobby");
        var (bob, bobIdentity) = await relay.MemberAsync("bob");
        await bob.JoinRoomAsync("lobby");
        await alice.ReceiveAsync<MemberJoinedFrame>();
        bob.Socket.Abort();
        (await alice.ReceiveAsync()).Should().Be(new MemberAwayFrame("lobby", 3, "bob", "alice"));

        var back = await relay.LoggedInAsync(bobIdentity);
        (await back.LeaveRoomAsync("lobby")).Should().BeOfType<OkFrame>();

        (await alice.ReceiveAsync()).Should().Be(new MemberLeftFrame("lobby", 4, "bob", "alice"));
        (await alice.ListRoomsAsync()).Rooms.Should().Equal(new RoomSummary("lobby", 1, 10));
        (await back.LeaveRoomAsync("lobby")).Should().Match<ErrorFrame>(e => e.Code == ErrorCode.NotMember, "the seat is gone");
    }

    [Fact]
    public async Task CloseWith1000_LeavesAtOnce_WithMemberLeft()
    {
        await using var relay = await TestRelay.StartAsync();
        var (alice, bob) = await AliceAndBobInLobbyAsync(relay);

        await bob.DisposeAsync(); // a close handshake of its own, with 1000

        (await alice.ReceiveAsync()).Should().Be(new MemberLeftFrame("lobby", 3, "bob", "alice"));
        (await alice.ListRoomsAsync()).Rooms.Should().Equal(new RoomSummary("lobby", 1, 10));
    }

    [Fact]
    public async Task GraceExpiry_GivesTheSeatUpWithMemberLeft_AndNotBefore()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var relay = await TestRelay.StartAsync(time);
        var (alice, bob) = await AliceAndBobInLobbyAsync(relay);
        bob.Socket.Abort();
        (await alice.ReceiveAsync()).Should().Be(new MemberAwayFrame("lobby", 3, "bob", "alice"));

        time.Advance(TimeSpan.FromMinutes(2) - TimeSpan.FromSeconds(1));
        await alice.NothingElseQueuedAsync();
        time.Advance(TimeSpan.FromSeconds(1));

        (await alice.ReceiveAsync()).Should().Be(new MemberLeftFrame("lobby", 4, "bob", "alice"));
        (await alice.ListRoomsAsync()).Rooms.Should().Equal(new RoomSummary("lobby", 1, 10));
    }

    [Fact]
    public async Task ZeroGracePeriod_LeavesRightAfterTheAway_InThatOrder()
    {
        await using var relay = await TestRelay.StartAsync(null, "--Relay:AwayGracePeriod", "00:00:00");
        var (alice, bob) = await AliceAndBobInLobbyAsync(relay);

        bob.Socket.Abort();

        (await alice.ReceiveAsync()).Should().Be(new MemberAwayFrame("lobby", 3, "bob", "alice"));
        (await alice.ReceiveAsync()).Should().Be(new MemberLeftFrame("lobby", 4, "bob", "alice"));
    }

    [Fact]
    public async Task GraceExpiry_OfTheLastSeat_EndsTheRoom()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var relay = await TestRelay.StartAsync(time, "--Relay:AwayGracePeriod", "00:00:30");
        var alice = await relay.RegisteredAsync("alice");
        var created = (RoomJoinedFrame)await alice.CreateRoomAsync("lobby");
        var bob = await relay.RegisteredAsync("bob");
        alice.Socket.Abort();
        await relay.LoggedAsync("lobby", created.LogEpoch, 2);

        time.Advance(TimeSpan.FromSeconds(30));

        (await bob.ListRoomsAsync()).Rooms.Should().BeEmpty();
        (await bob.JoinRoomAsync("lobby")).Should().BeOfType<ErrorFrame>().Which.Code.Should().Be(ErrorCode.UnknownRoom);
    }

    [Fact]
    public async Task HubAway_MakesTheNextPresentMemberHub_AndTheHubBack_RetakesIt()
    {
        await using var relay = await TestRelay.StartAsync();
        var (alice, aliceIdentity) = await relay.MemberAsync("alice");
        var joined = (RoomJoinedFrame)await alice.CreateRoomAsync("lobby");
        var bob = await relay.RegisteredAsync("bob");
        await bob.JoinRoomAsync("lobby");
        var carol = await relay.RegisteredAsync("carol");
        await carol.JoinRoomAsync("lobby");
        await alice.ReceiveAsync<MemberJoinedFrame>();
        await alice.ReceiveAsync<MemberJoinedFrame>();
        await bob.ReceiveAsync<MemberJoinedFrame>();

        alice.Socket.Abort();

        (await bob.ReceiveAsync()).Should().Be(new MemberAwayFrame("lobby", 4, "alice", "bob"));
        (await carol.ReceiveAsync()).Should().Be(new MemberAwayFrame("lobby", 4, "alice", "bob"));

        var back = await relay.LoggedInAsync(aliceIdentity);
        (await back.ResumeRoomAsync("lobby", joined.LogEpoch, 3)).Should().Be(new RoomResumedFrame(2, "lobby", "alice", 5));
        (await back.ReceiveAsync()).Should().Be(new MemberAwayFrame("lobby", 4, "alice", "bob"), "the log replays her own away too");
        (await back.ReceiveAsync()).Should().Be(new MemberBackFrame("lobby", 5, "alice", "alice"), "and her own back, the room's latest offset");
        (await bob.ReceiveAsync()).Should().Be(new MemberBackFrame("lobby", 5, "alice", "alice"));
        (await carol.ReceiveAsync()).Should().Be(new MemberBackFrame("lobby", 5, "alice", "alice"));
        await back.NothingElseQueuedAsync();
    }

    [Fact]
    public async Task EveryoneAway_KeepsTheLastHub_AJoinerBecomesHub_AndTheFirstInJoinOrderTakesOverWhenBack()
    {
        await using var relay = await TestRelay.StartAsync();
        var (alice, aliceIdentity) = await relay.MemberAsync("alice");
        var created = (RoomJoinedFrame)await alice.CreateRoomAsync("lobby");
        var (bob, bobIdentity) = await relay.MemberAsync("bob");
        await bob.JoinRoomAsync("lobby");
        await alice.ReceiveAsync<MemberJoinedFrame>();
        bob.Socket.Abort();
        (await alice.ReceiveAsync()).Should().Be(new MemberAwayFrame("lobby", 3, "bob", "alice"));
        alice.Socket.Abort();
        var carol = await relay.RegisteredAsync("carol");
        await relay.LoggedAsync("lobby", created.LogEpoch, 4);

        // Offset 4 is alice's away (nobody here to see it, but the log has it, hub still alice); carol is the only one here.
        var joined = (RoomJoinedFrame)await carol.JoinRoomAsync("lobby");
        joined.Hub.Should().Be("carol");
        joined.Offset.Should().Be(5);
        joined.Away.Should().Equal("alice", "bob");

        var bobBack = await relay.LoggedInAsync(bobIdentity);
        (await bobBack.ResumeRoomAsync("lobby", created.LogEpoch, 2)).Should().Be(new RoomResumedFrame(2, "lobby", "bob", 6));
        (await bobBack.ReceiveAsync()).Should().Be(new MemberAwayFrame("lobby", 3, "bob", "alice"));
        (await bobBack.ReceiveAsync()).Should().Be(new MemberAwayFrame("lobby", 4, "alice", "alice"));
        (await bobBack.ReceiveAsync()).Should().BeOfType<MemberJoinedFrame>().Which.Offset.Should().Be(5);
        (await bobBack.ReceiveAsync()).Should().Be(new MemberBackFrame("lobby", 6, "bob", "bob"));
        (await carol.ReceiveAsync()).Should().Be(new MemberBackFrame("lobby", 6, "bob", "bob"));

        var aliceBack = await relay.LoggedInAsync(aliceIdentity);
        (await aliceBack.ResumeRoomAsync("lobby", created.LogEpoch, 4)).Should().Be(new RoomResumedFrame(2, "lobby", "alice", 7));
        (await bobBack.ReceiveAsync()).Should().Be(new MemberBackFrame("lobby", 7, "alice", "alice"));
        (await carol.ReceiveAsync()).Should().Be(new MemberBackFrame("lobby", 7, "alice", "alice"));
    }

    [Fact]
    public async Task JoinRoom_OverOnesOwnAwaySeat_GivesItUpFirst_ThenJoinsAsANewMember()
    {
        await using var relay = await TestRelay.StartAsync();
        var alice = await relay.RegisteredAsync("alice");
        await alice.CreateRoomAsync("lobby");
        var (bob, bobIdentity) = await relay.MemberAsync("bob");
        await bob.JoinRoomAsync("lobby");
        await alice.ReceiveAsync<MemberJoinedFrame>();
        bob.Socket.Abort();
        (await alice.ReceiveAsync()).Should().Be(new MemberAwayFrame("lobby", 3, "bob", "alice"));

        var again = await relay.LoggedInAsync(bobIdentity);
        var joined = (RoomJoinedFrame)await again.JoinRoomAsync("lobby");

        joined.Offset.Should().Be(5);
        joined.Members.Select(m => m.Name).Should().Equal("alice", "bob");
        joined.Away.Should().BeEmpty();
        (await alice.ReceiveAsync()).Should().Be(new MemberLeftFrame("lobby", 4, "bob", "alice"));
        (await alice.ReceiveAsync()).Should().BeOfType<MemberJoinedFrame>().Which.Offset.Should().Be(5);
    }

    [Fact]
    public async Task JoinRoom_OverOnesOwnAwaySeat_ThatWasTheLastSeat_KeepsTheRoom()
    {
        await using var relay = await TestRelay.StartAsync();
        var (alice, aliceIdentity) = await relay.MemberAsync("alice");
        var created = (RoomJoinedFrame)await alice.CreateRoomAsync("lobby");
        alice.Socket.Abort();
        await relay.LoggedAsync("lobby", created.LogEpoch, 2);

        var again = await relay.LoggedInAsync(aliceIdentity);
        var joined = (RoomJoinedFrame)await again.JoinRoomAsync("lobby");

        joined.Should().BeEquivalentTo(new { Room = "lobby", Hub = "alice", created.LogEpoch, Offset = 4UL });
        joined.Members.Select(m => m.Name).Should().Equal("alice");
        (await again.ListRoomsAsync()).Rooms.Should().Equal(new RoomSummary("lobby", 1, 10));
    }

    [Fact]
    public async Task RoomCapacity_CountsAwaySeats()
    {
        await using var relay = await TestRelay.StartAsync();
        var hub = await relay.RegisteredAsync("member0");
        var created = (RoomJoinedFrame)await hub.CreateRoomAsync("lobby");
        for (var i = 1; i < ProtocolLimits.RoomCapacity; i++)
        {
            var member = await relay.RegisteredAsync($"member{i}");
            await member.JoinRoomAsync("lobby");
            member.Socket.Abort();
        }

        var eleventh = await relay.RegisteredAsync("eleventh");
        await relay.LoggedAsync("lobby", created.LogEpoch, 2 * (ProtocolLimits.RoomCapacity - 1) + 1); // nine joins, nine aways
        (await eleventh.ListRoomsAsync()).Rooms.Should().Equal(new RoomSummary("lobby", 10, 10));

        (await eleventh.JoinRoomAsync("lobby")).Should().BeOfType<ErrorFrame>().Which.Code.Should().Be(ErrorCode.RoomFull);
    }

    /// <summary>alice creates lobby (hub), bob joins it; alice has seen bob's MemberJoined (offset 2).</summary>
    private static async Task<(RelayTestClient Alice, RelayTestClient Bob)> AliceAndBobInLobbyAsync(TestRelay relay)
    {
        var alice = await relay.RegisteredAsync("alice");
        await alice.CreateRoomAsync("lobby");
        var bob = await relay.RegisteredAsync("bob");
        await bob.JoinRoomAsync("lobby");
        await alice.ReceiveAsync<MemberJoinedFrame>();
        return (alice, bob);
    }
}
