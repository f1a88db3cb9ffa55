using Microsoft.Extensions.Options;
using PyChat.Protocol;
using PyChat.Relay.Hosting;
using PyChat.Relay.Rooms;

namespace PyChat.Relay.Tests.Rooms;

/// <summary>
/// The in-memory room log, with commits a test holds back (<see cref="Hold"/>, <see cref="Release"/>) or fails
/// (<see cref="FailDelivers"/>): what a slow or full disk under rooms.db would do, on the test's schedule.
/// </summary>
internal sealed class GatedRoomLog : IRoomLog
{
    private readonly InMemoryRoomLog _inner = new(Options.Create(new RelayOptions()));
    private readonly object _lock = new();
    private TaskCompletionSource? _gate;

    /// <summary>Deliver frames are not kept: their appends fail.</summary>
    public bool FailDelivers { get; set; }

    public void Hold()
    {
        lock (_lock)
        {
            _gate ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Release()
    {
        TaskCompletionSource? gate;
        lock (_lock)
        {
            gate = _gate;
            _gate = null;
        }

        gate?.TrySetResult();
    }

    public Task<IReadOnlyList<RoomState>> OpenAsync() => _inner.OpenAsync();

    public Task AppendAsync(string room, ulong logEpoch, ulong offset, byte[] frame, RoomState? state)
    {
        _inner.Append(room, logEpoch, offset, frame);
        if (FailDelivers && frame[0] == (byte)FrameType.Deliver)
        {
            return Task.FromException(new IOException("the disk is full"));
        }

        lock (_lock)
        {
            return _gate?.Task ?? Task.CompletedTask;
        }
    }

    public bool TryReadAfter(string room, ulong logEpoch, ulong afterOffset, out IReadOnlyList<byte[]> frames) =>
        _inner.TryReadAfter(room, logEpoch, afterOffset, out frames);

    public void Evict(string room, ulong logEpoch, ulong throughOffset) => _inner.Evict(room, logEpoch, throughOffset);

    public void Drop(string room) => _inner.Drop(room);

    public ValueTask ProbeAsync(CancellationToken cancellationToken) => _inner.ProbeAsync(cancellationToken);
}
