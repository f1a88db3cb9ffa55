using FluentAssertions;
using Microsoft.Extensions.Time.Testing;
using PyChat.Protocol;
using PyChat.Protocol.Frames;
using PyChat.TestSupport;

namespace PyChat.Relay.Tests.Rooms;

/// <summary>ResumeRoom after a new login (docs/PROTOCOL.md §5.1).</summary>
public sealed class ResumeTests
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Memory")]
    public async Task Resume_AfterADrop_GetsExactlyTheMissedFramesInOrder_ThenRoomResumed_AndTheOthersMemberBack(string storage)
    {
        await using var relay = await TestRelay.StartAsync(null, "--Relay:RoomLog:Storage", storage);
        var (alice, bob, bobIdentity, carol, logEpoch) = await ThreeInLobbyAsync(relay);

        // bob's own message (offset 4) is acknowledged, but say the ack never reached him: he resumes after offset 3.
        await bob.PublishAsync("lobby", [4]);
        (await bob.ReceiveAsync<PublishedFrame>()).Offset.Should().Be(4);
        var bobsOwn = (await carol.ReceiveAsync<DeliverFrame>()).Encode();
        (await alice.ReceiveAsync<DeliverFrame>()).Encode().Should().Equal(bobsOwn);
        bob.Socket.Abort();
        var away = new MemberAwayFrame("lobby", 5, "bob", "alice");
        (await alice.ReceiveAsync<MemberAwayFrame>()).Should().Be(away);
        (await carol.ReceiveAsync<MemberAwayFrame>()).Should().Be(away);
        await alice.PublishAsync("lobby", [6]);
        await alice.PublishAsync("lobby", [7]);
        (await alice.ReceiveAsync<PublishedFrame>()).Offset.Should().Be(6);
        (await alice.ReceiveAsync<PublishedFrame>()).Offset.Should().Be(7);
        await carol.PublishAsync("lobby", [8]);
        var missed = new List<byte[]> { bobsOwn, away.Encode() };
        missed.Add((await carol.ReceiveAsync<DeliverFrame>()).Encode());
        missed.Add((await carol.ReceiveAsync<DeliverFrame>()).Encode());
        (await carol.ReceiveAsync<PublishedFrame>()).Offset.Should().Be(8);
        missed.Add(new DeliverFrame("lobby", 8, "carol", new byte[] { 8 }).Encode());

        var back = await relay.LoggedInAsync(bobIdentity);
        var resumed = await back.ResumeRoomAsync("lobby", logEpoch, 3);

        resumed.Should().Be(new RoomResumedFrame(2, "lobby", "alice", 9));
        var replayed = new List<byte[]>();
        for (var i = 0; i < missed.Count; i++)
        {
            replayed.Add((await back.ReceiveRawAsync())!);
        }

        replayed.Should().BeEquivalentTo(missed, o => o.WithStrictOrdering(), "the log holds the bytes the others were sent, in the room's order");
        (await back.ReceiveAsync()).Should().Be(new MemberBackFrame("lobby", 9, "bob", "alice"), "its own back comes last, at RoomResumed's offset");
        await back.NothingElseQueuedAsync();
        foreach (var other in new[] { alice, carol })
        {
            (await NextMembershipAsync(other)).Should().Be(new MemberBackFrame("lobby", 9, "bob", "alice"), "no MemberLeft or MemberJoined: the seat simply came back");
        }

        await back.PublishAsync("lobby", [10]);
        (await back.ReceiveAsync<PublishedFrame>()).Offset.Should().Be(10);
        (await alice.ReceiveAsync<DeliverFrame>()).Encode().Should().Equal(new DeliverFrame("lobby", 10, "bob", new byte[] { 10 }).Encode());
    }

    [Fact]
    public async Task Resume_WithAnotherLogEpoch_IsAResumeGap_AndTheSeatIsGivenUp()
    {
        await using var relay = await TestRelay.StartAsync();
        var (alice, bob, bobIdentity, _, logEpoch) = await ThreeInLobbyAsync(relay);
        bob.Socket.Abort();
        (await alice.ReceiveAsync()).Should().Be(new MemberAwayFrame("lobby", 4, "bob", "alice"));

        var back = await relay.LoggedInAsync(bobIdentity);

        (await back.ResumeRoomAsync("lobby", logEpoch + 1, 3)).Should().Be(new ErrorFrame(2, ErrorCode.ResumeGap, "cannot resume: join again"));
        (await alice.ReceiveAsync()).Should().Be(new MemberLeftFrame("lobby", 5, "bob", "alice"));
        (await back.JoinRoomAsync("lobby")).Should().BeOfType<RoomJoinedFrame>().Which.Offset.Should().Be(6);
    }

    [Fact]
    public async Task Resume_FromFurtherBackThanTheLogReaches_IsAResumeGap_AndTheSeatIsGivenUp()
    {
        await using var relay = await TestRelay.StartAsync(null, "--Relay:RoomLog:MaxFrames", "3");
        var (alice, bob, bobIdentity, _, logEpoch) = await ThreeInLobbyAsync(relay);
        bob.Socket.Abort();
        await alice.ReceiveAsync<MemberAwayFrame>();
        for (var i = 0; i < 3; i++)
        {
            await alice.PublishAsync("lobby", [1]);
            (await alice.ReceiveAsync<PublishedFrame>()).Offset.Should().Be(5 + (ulong)i);
        }

        var back = await relay.LoggedInAsync(bobIdentity);

        // The log holds offsets 5–7; offset 4 (bob's away) is gone, so a resume after 3 cannot be honoured.
        (await back.ResumeRoomAsync("lobby", logEpoch, 3)).Should().BeOfType<ErrorFrame>().Which.Code.Should().Be(ErrorCode.ResumeGap);
        (await alice.ReceiveAsync()).Should().Be(new MemberLeftFrame("lobby", 8, "bob", "alice"));
    }

    [Fact]
    public async Task Resume_FromBeyondTheRoomsLatestOffset_IsAResumeGap()
    {
        await using var relay = await TestRelay.StartAsync();
        var (alice, bob, bobIdentity, _, logEpoch) = await ThreeInLobbyAsync(relay);
        bob.Socket.Abort();
        await alice.ReceiveAsync<MemberAwayFrame>();

        var back = await relay.LoggedInAsync(bobIdentity);

        (await back.ResumeRoomAsync("lobby", logEpoch, 99)).Should().BeOfType<ErrorFrame>().Which.Code.Should().Be(ErrorCode.ResumeGap);
        (await alice.ReceiveAsync()).Should().Be(new MemberLeftFrame("lobby", 5, "bob", "alice"));
    }

    [Fact]
    public async Task Resume_AfterTheGracePeriodRanOut_IsRefusedWithNotMember()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var relay = await TestRelay.StartAsync(time);
        var (alice, bob, bobIdentity, _, logEpoch) = await ThreeInLobbyAsync(relay);
        bob.Socket.Abort();
        await alice.ReceiveAsync<MemberAwayFrame>();
        time.Advance(TimeSpan.FromMinutes(2));
        (await alice.ReceiveAsync()).Should().Be(new MemberLeftFrame("lobby", 5, "bob", "alice"));

        var back = await relay.LoggedInAsync(bobIdentity);

        (await back.ResumeRoomAsync("lobby", logEpoch, 4)).Should().Be(new ErrorFrame(2, ErrorCode.NotMember, "not a member"));
    }

    [Fact]
    public async Task Resume_OfARoomThatEnded_IsRefusedWithUnknownRoom()
    {
        await using var relay = await TestRelay.StartAsync();
        var (alice, aliceIdentity) = await relay.MemberAsync("alice");
        var created = (RoomJoinedFrame)await alice.CreateRoomAsync("lobby");
        await alice.LeaveRoomAsync("lobby");

        (await alice.ResumeRoomAsync("lobby", created.LogEpoch, 1)).Should().BeOfType<ErrorFrame>().Which.Code.Should().Be(ErrorCode.UnknownRoom);
        var again = await relay.LoggedInAsync(aliceIdentity);
        (await again.ResumeRoomAsync("nowhere", created.LogEpoch, 1)).Should().BeOfType<ErrorFrame>().Which.Code.Should().Be(ErrorCode.UnknownRoom);
    }

    [Fact]
    public async Task Resume_RightAfterANewerLogin_TakesTheSeatTheOlderConnectionStillHeld()
    {
        await using var relay = await TestRelay.StartAsync();
        var (alice, bob, bobIdentity, _, logEpoch) = await ThreeInLobbyAsync(relay);

        // The older connection is alive: the newer login closes it with 4002, and its seats are away before the Ok.
        var newer = await relay.LoggedInAsync(bobIdentity);
        var resumed = await newer.ResumeRoomAsync("lobby", logEpoch, 3);

        resumed.Should().Be(new RoomResumedFrame(2, "lobby", "alice", 5));
        (await newer.ReceiveAsync()).Should().Be(new MemberAwayFrame("lobby", 4, "bob", "alice"));
        (await newer.ReceiveAsync()).Should().Be(new MemberBackFrame("lobby", 5, "bob", "alice"));
        (await bob.ReceiveCloseAsync()).Should().Be(CloseCode.SessionReplaced);
        (await alice.ReceiveAsync()).Should().Be(new MemberAwayFrame("lobby", 4, "bob", "alice"));
        (await alice.ReceiveAsync()).Should().Be(new MemberBackFrame("lobby", 5, "bob", "alice"));
    }

    [Fact]
    public async Task Resume_OfASeatThisConnectionHolds_IsRefusedWithAlreadyMember()
    {
        await using var relay = await TestRelay.StartAsync();
        var (_, bob, _, _, logEpoch) = await ThreeInLobbyAsync(relay);

        (await bob.ResumeRoomAsync("lobby", logEpoch, 3)).Should().BeOfType<ErrorFrame>().Which.Code.Should().Be(ErrorCode.AlreadyMember);
    }

    /// <summary>The next frame that is neither an acknowledgement nor a message.</summary>
    private static async Task<Frame> NextMembershipAsync(RelayTestClient client)
    {
        while (true)
        {
            var frame = await client.ReceiveAsync();
            if (frame is not PublishedFrame and not DeliverFrame)
            {
                return frame;
            }
        }
    }

    /// <summary>alice creates lobby (offset 1), bob joins (2), carol joins (3); every join event is read.</summary>
    internal static async Task<(RelayTestClient Alice, RelayTestClient Bob, TestIdentity BobIdentity, RelayTestClient Carol, ulong LogEpoch)> ThreeInLobbyAsync(TestRelay relay)
    {
        var alice = await relay.RegisteredAsync("alice");
        var created = (RoomJoinedFrame)await alice.CreateRoomAsync("lobby");
        var (bob, bobIdentity) = await relay.MemberAsync("bob");
        await bob.JoinRoomAsync("lobby");
        var carol = await relay.RegisteredAsync("carol");
        await carol.JoinRoomAsync("lobby");
        await alice.ReceiveAsync<MemberJoinedFrame>();
        await alice.ReceiveAsync<MemberJoinedFrame>();
        await bob.ReceiveAsync<MemberJoinedFrame>();
        return (alice, bob, bobIdentity, carol, created.LogEpoch);
    }
}
