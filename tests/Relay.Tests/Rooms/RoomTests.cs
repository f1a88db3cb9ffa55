using FluentAssertions;
using PyChat.Protocol;
using PyChat.Protocol.Frames;
using PyChat.TestSupport;

namespace PyChat.Relay.Tests.Rooms;

public sealed class RoomTests
{
    [Fact]
    public async Task CreateRoom_MakesTheCreatorTheOnlyMemberAndTheHub()
    {
        await using var relay = await TestRelay.StartAsync();
        var alice = relay.Identity("alice");
        var client = await relay.ConnectAsync();
        (await client.RegisterAsync(alice)).Should().BeOfType<OkFrame>();

        var joined = (RoomJoinedFrame)await client.CreateRoomAsync("lobby", RelayTestClient.Announcement(0xAA));

        joined.RequestId.Should().Be(2);
        joined.Room.Should().Be("lobby");
        joined.Hub.Should().Be("alice");
        joined.Members.Should().ContainSingle();
        joined.Members[0].Name.Should().Be("alice");
        joined.Members[0].IdentityKey.ToArray().Should().Equal(alice.PublicKey);
        joined.Members[0].Announcement.ToArray().Should().Equal(RelayTestClient.Announcement(0xAA));
    }

    [Fact]
    public async Task Join_GivesTheJoinerEveryMemberInJoinOrderAndTellsTheOthers()
    {
        await using var relay = await TestRelay.StartAsync();
        var alice = await relay.RegisteredAsync("alice");
        await alice.CreateRoomAsync("lobby", RelayTestClient.Announcement(0xA1));
        var bob = await relay.RegisteredAsync("bob");
        await bob.JoinRoomAsync("lobby", RelayTestClient.Announcement(0xB1));
        await alice.ReceiveAsync<MemberJoinedFrame>();
        var carol = await relay.ConnectAsync();
        var carolIdentity = relay.Identity("carol");
        (await carol.RegisterAsync(carolIdentity)).Should().BeOfType<OkFrame>();

        var joined = (RoomJoinedFrame)await carol.JoinRoomAsync("lobby", RelayTestClient.Announcement(0xC1));

        joined.Hub.Should().Be("alice");
        joined.Members.Select(m => m.Name).Should().Equal("alice", "bob", "carol");
        joined.Members.Select(m => m.Announcement.ToArray()[^1]).Should().Equal(0xA1, 0xB1, 0xC1);
        foreach (var other in new[] { alice, bob })
        {
            var memberJoined = await other.ReceiveAsync<MemberJoinedFrame>();
            memberJoined.Room.Should().Be("lobby");
            memberJoined.Member.Name.Should().Be("carol");
            memberJoined.Member.IdentityKey.ToArray().Should().Equal(carolIdentity.PublicKey);
            memberJoined.Member.Announcement.ToArray().Should().Equal(RelayTestClient.Announcement(0xC1));
        }
    }

    [Fact]
    public async Task Join_WhenRoomIsFull_IsRefusedWithRoomFull()
    {
        await using var relay = await TestRelay.StartAsync();
        var hub = await relay.RegisteredAsync("member0");
        await hub.CreateRoomAsync("lobby");
        for (var i = 1; i < ProtocolLimits.RoomCapacity; i++)
        {
            (await (await relay.RegisteredAsync($"member{i}")).JoinRoomAsync("lobby")).Should().BeOfType<RoomJoinedFrame>();
        }

        var eleventh = await relay.RegisteredAsync("eleventh");

        (await eleventh.JoinRoomAsync("lobby")).Should().BeOfType<ErrorFrame>().Which.Code.Should().Be(ErrorCode.RoomFull);
        (await eleventh.ListRoomsAsync()).Rooms.Should().Equal(new RoomSummary("lobby", 10, 10));
    }

    [Fact]
    public async Task Join_WhenRoomIsUnknown_IsRefusedWithUnknownRoom()
    {
        await using var relay = await TestRelay.StartAsync();
        var alice = await relay.RegisteredAsync("alice");

        (await alice.JoinRoomAsync("nowhere")).Should().Be(new ErrorFrame(2, ErrorCode.UnknownRoom, "unknown room"));
    }

    [Fact]
    public async Task CreateOrJoin_OfARoomTheSenderIsIn_IsRefusedWithAlreadyMember_AndCreateOfAnActiveRoomWithRoomExists()
    {
        await using var relay = await TestRelay.StartAsync();
        var alice = await relay.RegisteredAsync("alice");
        await alice.CreateRoomAsync("lobby");
        var bob = await relay.RegisteredAsync("bob");

        (await alice.CreateRoomAsync("lobby")).Should().BeOfType<ErrorFrame>().Which.Code.Should().Be(ErrorCode.AlreadyMember);
        (await alice.JoinRoomAsync("lobby")).Should().BeOfType<ErrorFrame>().Which.Code.Should().Be(ErrorCode.AlreadyMember);
        (await bob.CreateRoomAsync("lobby")).Should().BeOfType<ErrorFrame>().Which.Code.Should().Be(ErrorCode.RoomExists);
    }

    [Theory]
    [InlineData("Lobby")]
    [InlineData("a b")]
    [InlineData("-lobby")]
    [InlineData("")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456")]
    public async Task RoomNames_ThatBreakTheNamingRule_AreRefusedWithInvalidName(string name)
    {
        await using var relay = await TestRelay.StartAsync();
        var alice = await relay.RegisteredAsync("alice");

        (await alice.CreateRoomAsync(name)).Should().BeOfType<ErrorFrame>().Which.Code.Should().Be(ErrorCode.InvalidName);
        (await alice.JoinRoomAsync(name)).Should().BeOfType<ErrorFrame>().Which.Code.Should().Be(ErrorCode.InvalidName);
        (await alice.LeaveRoomAsync(name)).Should().BeOfType<ErrorFrame>().Which.Code.Should().Be(ErrorCode.InvalidName);
    }

    [Fact]
    public async Task ListRooms_ListsActiveRoomsSortedByNameWithMemberCounts()
    {
        await using var relay = await TestRelay.StartAsync();
        var alice = await relay.RegisteredAsync("alice");
        await alice.CreateRoomAsync("zoo");
        await alice.CreateRoomAsync("dev");
        var bob = await relay.RegisteredAsync("bob");
        await bob.CreateRoomAsync("lobby");
        await bob.JoinRoomAsync("dev");

        var list = await bob.ListRoomsAsync();

        list.Rooms.Should().Equal(new RoomSummary("dev", 2, 10), new RoomSummary("lobby", 1, 10), new RoomSummary("zoo", 1, 10));
    }

    [Fact]
    public async Task Leave_ByTheLastMember_MakesTheRoomDisappear()
    {
        await using var relay = await TestRelay.StartAsync();
        var alice = await relay.RegisteredAsync("alice");
        await alice.CreateRoomAsync("lobby");

        (await alice.LeaveRoomAsync("lobby")).Should().Be(new OkFrame(3));

        (await alice.ListRoomsAsync()).Rooms.Should().BeEmpty();
        (await alice.JoinRoomAsync("lobby")).Should().BeOfType<ErrorFrame>().Which.Code.Should().Be(ErrorCode.UnknownRoom);
        (await alice.CreateRoomAsync("lobby")).Should().BeOfType<RoomJoinedFrame>();
    }

    [Fact]
    public async Task Leave_OfARoomTheSenderIsNotIn_IsRefusedWithNotMember()
    {
        await using var relay = await TestRelay.StartAsync();
        var alice = await relay.RegisteredAsync("alice");
        await alice.CreateRoomAsync("lobby");
        var bob = await relay.RegisteredAsync("bob");

        (await bob.LeaveRoomAsync("lobby")).Should().BeOfType<ErrorFrame>().Which.Code.Should().Be(ErrorCode.NotMember);
    }

    [Fact]
    public async Task HubLeaving_ElectsTheLongestPresentMember_AndEveryoneSeesTheSameOrder()
    {
        await using var relay = await TestRelay.StartAsync();
        var (alice, bob, carol) = await ThreeInLobbyAsync(relay);

        (await alice.LeaveRoomAsync("lobby")).Should().BeOfType<OkFrame>();
        // Offsets: alice's creation 1, bob's join 2, carol's 3; the leaves 4 and 5, the same for everyone.
        (await bob.ReceiveAsync<MemberLeftFrame>()).Should().Be(new MemberLeftFrame("lobby", 4, "alice", "bob"));
        (await carol.ReceiveAsync<MemberLeftFrame>()).Should().Be(new MemberLeftFrame("lobby", 4, "alice", "bob"));

        (await bob.LeaveRoomAsync("lobby")).Should().BeOfType<OkFrame>();
        (await carol.ReceiveAsync<MemberLeftFrame>()).Should().Be(new MemberLeftFrame("lobby", 5, "bob", "carol"));
    }

    [Fact]
    public async Task HubConnectionDropping_MakesItAway_AndElectsTheLongestPresentMember()
    {
        await using var relay = await TestRelay.StartAsync();
        var (alice, bob, carol) = await ThreeInLobbyAsync(relay);

        alice.Socket.Abort();

        (await bob.ReceiveAsync<MemberAwayFrame>()).Should().Be(new MemberAwayFrame("lobby", 4, "alice", "bob"));
        (await carol.ReceiveAsync<MemberAwayFrame>()).Should().Be(new MemberAwayFrame("lobby", 4, "alice", "bob"));
    }

    [Fact]
    public async Task NonHubLeaving_KeepsTheHub()
    {
        await using var relay = await TestRelay.StartAsync();
        var (alice, bob, carol) = await ThreeInLobbyAsync(relay);

        await bob.DisposeAsync();

        (await alice.ReceiveAsync<MemberLeftFrame>()).Should().Be(new MemberLeftFrame("lobby", 4, "bob", "alice"));
        (await carol.ReceiveAsync<MemberLeftFrame>()).Should().Be(new MemberLeftFrame("lobby", 4, "bob", "alice"));
    }

    [Fact]
    public async Task Rejoining_AfterTheHubLeft_PutsTheRejoinerLastInJoinOrder()
    {
        await using var relay = await TestRelay.StartAsync();
        var (alice, bob, carol) = await ThreeInLobbyAsync(relay);
        await alice.LeaveRoomAsync("lobby");
        await bob.ReceiveAsync<MemberLeftFrame>();
        await carol.ReceiveAsync<MemberLeftFrame>();

        var joined = (RoomJoinedFrame)await alice.JoinRoomAsync("lobby");

        joined.Hub.Should().Be("bob");
        joined.Members.Select(m => m.Name).Should().Equal("bob", "carol", "alice");
    }

    private static async Task<(RelayTestClient Alice, RelayTestClient Bob, RelayTestClient Carol)> ThreeInLobbyAsync(TestRelay relay)
    {
        var alice = await relay.RegisteredAsync("alice");
        await alice.CreateRoomAsync("lobby");
        var bob = await relay.RegisteredAsync("bob");
        await bob.JoinRoomAsync("lobby");
        await alice.ReceiveAsync<MemberJoinedFrame>();
        var carol = await relay.RegisteredAsync("carol");
        await carol.JoinRoomAsync("lobby");
        await alice.ReceiveAsync<MemberJoinedFrame>();
        await bob.ReceiveAsync<MemberJoinedFrame>();
        return (alice, bob, carol);
    }
}
