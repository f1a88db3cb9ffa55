namespace PyChat.Relay.Rooms;

/// <summary>
/// The newest frames of one room's log, contiguous in offset, bounded in frames and bytes (the oldest go first).
/// Not thread-safe: the room's lock guards it.
/// </summary>
internal sealed class RoomLogTail(ulong logEpoch, int maxFrames, long maxBytes)
{
    private readonly Queue<byte[]> _frames = new();
    private long _bytes;

    public ulong LogEpoch { get; } = logEpoch;

    /// <summary>The offset of the newest frame held, or of the last one evicted when none is held.</summary>
    public ulong LastOffset { get; private set; }

    /// <summary>The offset of the oldest frame held (<see cref="LastOffset"/> + 1 when none is).</summary>
    public ulong FirstOffset => LastOffset + 1 - (ulong)_frames.Count;

    public void Append(ulong offset, byte[] frame)
    {
        if (offset != LastOffset + 1)
        {
            // A hole (an append that never reached the log): what came before cannot be replayed without it.
            _frames.Clear();
            _bytes = 0;
        }

        _frames.Enqueue(frame);
        _bytes += frame.Length;
        LastOffset = offset;
        while (_frames.Count > 0 && (_frames.Count > maxFrames || _bytes > maxBytes))
        {
            _bytes -= _frames.Dequeue().Length;
        }
    }

    /// <summary>Forgets every frame up to and including <paramref name="offset"/>.</summary>
    public void EvictThrough(ulong offset)
    {
        while (_frames.Count > 0 && FirstOffset <= offset)
        {
            _bytes -= _frames.Dequeue().Length;
        }
    }

    /// <summary>Starts a restored log after <paramref name="offset"/>, holding nothing yet.</summary>
    public void StartAfter(ulong offset)
    {
        _frames.Clear();
        _bytes = 0;
        LastOffset = offset;
    }

    public bool TryReadAfter(ulong afterOffset, out IReadOnlyList<byte[]> frames)
    {
        if (afterOffset > LastOffset || afterOffset + 1 < FirstOffset)
        {
            frames = [];
            return false;
        }

        frames = _frames.Skip((int)(afterOffset + 1 - FirstOffset)).ToArray();
        return true;
    }
}
