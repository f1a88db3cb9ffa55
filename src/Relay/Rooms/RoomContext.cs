using Microsoft.Extensions.Logging;
using PyChat.Relay.Observability;

namespace PyChat.Relay.Rooms;

/// <summary>What every room shares: its log, the clock and grace period of away seats, the metrics, and what to do when a room ends.</summary>
internal sealed record RoomContext(IRoomLog Log, TimeProvider Time, TimeSpan AwayGracePeriod, RelayMetrics Metrics, ILogger Logger, Action<Room> OnEnded);
