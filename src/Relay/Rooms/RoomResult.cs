namespace PyChat.Relay.Rooms;

/// <summary>What a room operation came to; everything but <see cref="Succeeded"/> is refused.</summary>
internal enum RoomResult
{
    Succeeded,
    InvalidName,
    RoomExists,
    UnknownRoom,
    RoomFull,
    AlreadyMember,
    NotMember,
    /// <summary>The connection is on its way out; nothing is answered.</summary>
    ConnectionClosing,
}
