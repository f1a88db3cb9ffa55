namespace PyChat.Relay.Rooms;

/// <summary>
/// Every room's log of the frames that took an offset, as the exact bytes the members were sent, so a member that
/// resumes gets them byte for byte. Narrow on purpose: a relay of several nodes can put it in a shared store.
/// Bounded per room (<c>Relay:RoomLog</c>); the oldest frames are evicted as new ones come.
/// </summary>
internal interface IRoomLog
{
    /// <summary>Opens the store and returns the rooms a previous run of the relay left (none for a log that does not outlive it).</summary>
    Task<IReadOnlyList<RoomState>> OpenAsync();

    /// <summary>
    /// Appends <paramref name="frame"/> at <paramref name="offset"/> (the room's next), with the room's state after it when
    /// the frame changed who is in the room. The task completes once the frame is as durable as the log makes it; until
    /// then nobody may be told about it. Appends of one room complete in their order.
    /// </summary>
    Task AppendAsync(string room, ulong logEpoch, ulong offset, byte[] frame, RoomState? state);

    /// <summary>
    /// The frames of the room's log <paramref name="logEpoch"/> after <paramref name="afterOffset"/>, oldest first; false when
    /// the log is of another epoch or no longer reaches back that far.
    /// </summary>
    bool TryReadAfter(string room, ulong logEpoch, ulong afterOffset, out IReadOnlyList<byte[]> frames);

    /// <summary>Forgets the room's frames up to <paramref name="throughOffset"/>: a frame there could not be kept, so the log no longer reaches back past it.</summary>
    void Evict(string room, ulong logEpoch, ulong throughOffset);

    /// <summary>Forgets the room and its frames: it ended.</summary>
    void Drop(string room);

    /// <summary>Asks the store a trivial question, for <c>/readyz</c>; throws if it cannot be reached.</summary>
    ValueTask ProbeAsync(CancellationToken cancellationToken);
}
