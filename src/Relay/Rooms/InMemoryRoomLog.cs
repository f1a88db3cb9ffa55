using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using PyChat.Relay.Hosting;

namespace PyChat.Relay.Rooms;

/// <summary>
/// The room log in memory only (<c>Relay:RoomLog:Storage</c> = <c>Memory</c>): appends are "durable" at once, and
/// nothing outlives the process. Also the read side of <see cref="SqliteRoomLog"/>.
/// </summary>
internal sealed class InMemoryRoomLog(IOptions<RelayOptions> options) : IRoomLog
{
    private readonly ConcurrentDictionary<string, RoomLogTail> _tails = new(StringComparer.Ordinal);
    private readonly int _maxFrames = options.Value.RoomLog.MaxFrames;
    private readonly long _maxBytes = options.Value.RoomLog.MaxBytes;

    public Task<IReadOnlyList<RoomState>> OpenAsync() => Task.FromResult<IReadOnlyList<RoomState>>([]);

    public Task AppendAsync(string room, ulong logEpoch, ulong offset, byte[] frame, RoomState? state)
    {
        Append(room, logEpoch, offset, frame);
        return Task.CompletedTask;
    }

    /// <summary>Adds the frame and returns the offset of the oldest frame the room's log still holds.</summary>
    public ulong Append(string room, ulong logEpoch, ulong offset, byte[] frame)
    {
        var tail = TailOf(room, logEpoch);
        tail.Append(offset, frame);
        return tail.FirstOffset;
    }

    /// <summary>Starts a restored room's log after <paramref name="offset"/>; <see cref="Append(string, ulong, ulong, byte[])"/> fills it.</summary>
    public void Restore(string room, ulong logEpoch, ulong offset) => TailOf(room, logEpoch).StartAfter(offset);

    public bool TryReadAfter(string room, ulong logEpoch, ulong afterOffset, out IReadOnlyList<byte[]> frames)
    {
        if (_tails.TryGetValue(room, out var tail) && tail.LogEpoch == logEpoch)
        {
            return tail.TryReadAfter(afterOffset, out frames);
        }

        frames = [];
        return false;
    }

    public void Evict(string room, ulong logEpoch, ulong throughOffset)
    {
        if (_tails.TryGetValue(room, out var tail) && tail.LogEpoch == logEpoch)
        {
            tail.EvictThrough(throughOffset);
        }
    }

    public void Drop(string room) => _tails.TryRemove(room, out _);

    /// <summary>Memory is always there.</summary>
    public ValueTask ProbeAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    private RoomLogTail TailOf(string room, ulong logEpoch)
    {
        var tail = _tails.GetOrAdd(room, static (_, a) => new RoomLogTail(a.logEpoch, a.Item2, a.Item3), (logEpoch, _maxFrames, _maxBytes));
        if (tail.LogEpoch != logEpoch)
        {
            // A room of the same name made since: its log starts afresh.
            tail = new RoomLogTail(logEpoch, _maxFrames, _maxBytes);
            _tails[room] = tail;
        }

        return tail;
    }
}
