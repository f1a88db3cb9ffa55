using Microsoft.Extensions.Logging;

namespace PyChat.Relay.Rooms;

/// <summary>What every room shares: its log, the clock and grace period of away seats, and what to do when a room ends.</summary>
internal sealed record RoomContext(IRoomLog Log, TimeProvider Time, TimeSpan AwayGracePeriod, ILogger Logger, Action<Room> OnEnded);
