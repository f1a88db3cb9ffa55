namespace PyChat.Relay.Hosting;

/// <summary>The <c>Relay:RoomLog</c> configuration section.</summary>
internal sealed class RoomLogOptions
{
    /// <summary>Frames kept per room; the oldest are evicted first. Default 1,000.</summary>
    public int MaxFrames { get; set; } = 1000;

    /// <summary>Bytes of frames kept per room, whichever of this and <see cref="MaxFrames"/> is reached first. Default 4 MiB.</summary>
    public long MaxBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// <c>Sqlite</c>: rooms.db under <c>Relay:DataDirectory</c>, so rooms and their logs survive a relay restart (the default).
    /// <c>Memory</c>: nothing outlives the process.
    /// </summary>
    public RoomLogStorage Storage { get; set; } = RoomLogStorage.Sqlite;
}

internal enum RoomLogStorage
{
    Sqlite,
    Memory,
}
