using FluentAssertions;
using PyChat.Protocol;
using PyChat.Protocol.Frames;
using PyChat.TestSupport;

namespace PyChat.Relay.Tests.Rooms;

/// <summary>What bounds the rooms one client can make the relay hold, and what every member is sent about them.</summary>
public sealed class RoomLimitTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(ProtocolLimits.AnnouncementSize - 1)]
    [InlineData(ProtocolLimits.AnnouncementSize + 1)]
    [InlineData(65_000)]
    public async Task CreateOrJoin_WithAnAnnouncementOfAnotherSize_IsRefusedWithInvalidKey(int size)
    {
        await using var relay = await TestRelay.StartAsync();
        var alice = await relay.RegisteredAsync("alice");
        var bob = await relay.RegisteredAsync("bob");
        await alice.CreateRoomAsync("lobby");

        (await bob.CreateRoomAsync("other", new byte[size])).Should().BeOfType<ErrorFrame>().Which.Code.Should().Be(ErrorCode.InvalidKey);
        (await bob.JoinRoomAsync("lobby", new byte[size])).Should().BeOfType<ErrorFrame>().Which.Code.Should().Be(ErrorCode.InvalidKey);
        (await bob.ListRoomsAsync()).Rooms.Should().Equal(new RoomSummary("lobby", 1, 10));
    }

    [Fact]
    public async Task Create_PastTheRoomsOneConnectionMayBeIn_IsRefusedWithTooManyRooms()
    {
        await using var relay = await TestRelay.StartAsync();
        var alice = await relay.RegisteredAsync("alice");
        for (var i = 0; i < 16; i++)
        {
            (await alice.CreateRoomAsync($"room{i}")).Should().BeOfType<RoomJoinedFrame>();
        }

        (await alice.CreateRoomAsync("room16")).Should().BeOfType<ErrorFrame>().Which.Code.Should().Be(ErrorCode.TooManyRooms);

        var bob = await relay.RegisteredAsync("bob");
        await bob.CreateRoomAsync("bobs");
        (await alice.JoinRoomAsync("bobs")).Should().BeOfType<ErrorFrame>().Which.Code.Should().Be(ErrorCode.TooManyRooms);
        await alice.LeaveRoomAsync("room0");
        (await alice.JoinRoomAsync("bobs")).Should().BeOfType<RoomJoinedFrame>();
    }

    [Fact]
    public async Task Create_PastTheRelaysRooms_IsRefusedWithTooManyRooms_UntilOneCloses()
    {
        await using var relay = await TestRelay.StartAsync(null, "--Relay:MaxRooms", "3");
        var alice = await relay.RegisteredAsync("alice");
        var bob = await relay.RegisteredAsync("bob");
        for (var i = 0; i < 3; i++)
        {
            await alice.CreateRoomAsync($"room{i}");
        }

        (await bob.CreateRoomAsync("room3")).Should().BeOfType<ErrorFrame>().Which.Code.Should().Be(ErrorCode.TooManyRooms);
        (await bob.CreateRoomAsync("room0")).Should().BeOfType<ErrorFrame>().Which.Code.Should().Be(ErrorCode.RoomExists);
        (await bob.JoinRoomAsync("room0")).Should().BeOfType<RoomJoinedFrame>("joining needs no new room");

        await alice.LeaveRoomAsync("room1");
        (await bob.CreateRoomAsync("room3")).Should().BeOfType<RoomJoinedFrame>();
    }

    [Fact]
    public async Task ListRooms_WhenTheRoomsDoNotFitInOneFrame_ListsTheFirstByNameThatFit()
    {
        await using var relay = await TestRelay.StartAsync(null, "--Relay:MaxFrameBytes", "1024", "--Relay:MaxRoomsPerConnection", "100");
        var alice = await relay.RegisteredAsync("alice");
        var names = Enumerable.Range(0, 40).Select(i => $"room{i:D2}-{new string('x', 25)}").ToList();
        foreach (var name in names.AsEnumerable().Reverse())
        {
            (await alice.CreateRoomAsync(name)).Should().BeOfType<RoomJoinedFrame>();
        }

        await alice.SendAsync(new ListRoomsFrame(alice.NextRequestId()));
        var bytes = await alice.ReceiveRawAsync();

        bytes!.Length.Should().BeLessThanOrEqualTo(1024);
        var list = (RoomListFrame)Frame.Decode(bytes);
        var fitting = (1024 - 7) / (1 + 32 + 2);
        list.Rooms.Select(r => r.Name).Should().Equal(names.Take(fitting));
    }
}
