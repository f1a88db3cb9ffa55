using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using PyChat.Protocol.Frames;
using PyChat.Relay.Rooms;
using PyChat.TestSupport;

namespace PyChat.Relay.Tests.Rooms;

/// <summary>Helpers for the away, back and resume tests (docs/PROTOCOL.md §5.1).</summary>
internal static class Resuming
{
    /// <summary>Sends ResumeRoom and returns its answer (RoomResumed or Error); the frames replayed before it stay queued, in order.</summary>
    public static async Task<Frame> ResumeRoomAsync(this RelayTestClient client, string room, ulong logEpoch, ulong afterOffset)
    {
        var id = client.NextRequestId();
        return await client.RequestAsync(new ResumeRoomFrame(id, room, logEpoch, afterOffset), id);
    }

    /// <summary>A registered user: its first connection, and the identity to log in again with.</summary>
    public static async Task<(RelayTestClient Client, TestIdentity Identity)> MemberAsync(this TestRelay relay, string name)
    {
        var identity = relay.Identity(name);
        var client = await relay.ConnectAsync();
        (await client.RegisterAsync(identity)).Should().BeOfType<OkFrame>();
        return (client, identity);
    }

    /// <summary>A new connection of a user registered before, logged in.</summary>
    public static async Task<RelayTestClient> LoggedInAsync(this TestRelay relay, TestIdentity identity)
    {
        var client = await relay.ConnectAsync();
        (await client.LoginAsync(identity)).Should().BeOfType<OkFrame>();
        return client;
    }

    /// <summary>Asserts that nothing but the answer to a ListRooms comes next: no frame was queued that the test did not expect.</summary>
    public static async Task NothingElseQueuedAsync(this RelayTestClient client)
    {
        var id = client.NextRequestId();
        await client.SendAsync(new ListRoomsFrame(id));
        (await client.ReceiveAsync()).Should().BeOfType<RoomListFrame>().Which.RequestId.Should().Be(id);
    }

    /// <summary>
    /// Waits until the room's log reaches <paramref name="offset"/>: a drop is noticed on the relay's side on its own
    /// time, and a test that goes on must know the away happened (with a fake clock, before it advances the clock).
    /// </summary>
    public static async Task LoggedAsync(this TestRelay relay, string room, ulong logEpoch, ulong offset)
    {
        var log = relay.Host.Services.GetRequiredService<IRoomLog>();
        var deadline = DateTime.UtcNow + RelayTestClient.Guard;
        while (!(log.TryReadAfter(room, logEpoch, offset - 1, out var frames) && frames.Count > 0))
        {
            DateTime.UtcNow.Should().BeBefore(deadline, $"the log of {room} should reach offset {offset}");
            await Task.Delay(10);
        }
    }
}
