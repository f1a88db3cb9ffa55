namespace PyChat.Protocol;

/// <summary>Why the relay refused a frame (docs/PROTOCOL.md, "Errors"). Carried in an Error frame.</summary>
public enum ErrorCode : ushort
{
    /// <summary>The frame could not be decoded (truncated, trailing bytes, bad UTF-8, wrong direction).</summary>
    Malformed = 1,
    /// <summary>The first byte names no frame type this version knows.</summary>
    UnknownFrameType = 2,
    /// <summary>The frame was larger than the limit announced in Hello; it was discarded.</summary>
    FrameTooLarge = 3,
    /// <summary>Only Register and Login are accepted before a successful login.</summary>
    NotAuthenticated = 4,
    /// <summary>Register or Login on a connection that is already logged in.</summary>
    AlreadyAuthenticated = 5,
    /// <summary>A user or room name breaks the naming rule.</summary>
    InvalidName = 6,
    /// <summary>Register with a user name that is already registered.</summary>
    NameTaken = 7,
    /// <summary>Unknown user or wrong signature; the two are not told apart on purpose.</summary>
    AuthenticationFailed = 8,
    /// <summary>Too many frames or failed logins; the frame was dropped.</summary>
    RateLimited = 9,
    /// <summary>CreateRoom with the name of an active room.</summary>
    RoomExists = 10,
    /// <summary>No active room has that name.</summary>
    UnknownRoom = 11,
    /// <summary>The room already has its maximum number of members.</summary>
    RoomFull = 12,
    /// <summary>Publish or Leave for a room the sender is not in.</summary>
    NotMember = 13,
    /// <summary>Join or Create for a room the sender is already in.</summary>
    AlreadyMember = 14,
    /// <summary>
    /// The identity key is not an ECDSA P-256 SubjectPublicKeyInfo, or the announcement in CreateRoom/JoinRoom
    /// is not exactly <see cref="ProtocolLimits.AnnouncementSize"/> bytes.
    /// </summary>
    InvalidKey = 15,
    /// <summary>CreateRoom or JoinRoom past the rooms one connection may be in, or CreateRoom when the relay has its maximum of rooms.</summary>
    TooManyRooms = 16,
    /// <summary>The relay failed to handle the frame (a bug, not the sender's fault); the frame was dropped and the connection stays.</summary>
    InternalError = 17,
    /// <summary>
    /// ResumeRoom cannot be honoured: the room's log no longer holds every frame after the offset given (or has
    /// another log epoch), or the member's seat was given up. The client joins again and reports what it missed.
    /// </summary>
    ResumeGap = 18,
}
