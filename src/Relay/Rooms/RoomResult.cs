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
    /// <summary>The announcement is not <c>ProtocolLimits.AnnouncementSize</c> bytes.</summary>
    InvalidAnnouncement,
    /// <summary>The connection is in its maximum of rooms, or the relay has its maximum of rooms.</summary>
    TooManyRooms,
    /// <summary>ResumeRoom with another log epoch, or past what the log holds; the seat was given up.</summary>
    ResumeGap,
    /// <summary>The connection is on its way out; nothing is answered.</summary>
    ConnectionClosing,
}
