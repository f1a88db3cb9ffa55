using PyChat.Protocol;

namespace PyChat.Relay.Connections;

/// <summary>The short human-readable text of each Error frame. Never echoes what the client sent.</summary>
internal static class ErrorMessages
{
    public static string For(ErrorCode code) => code switch
    {
        ErrorCode.Malformed => "malformed frame",
        ErrorCode.UnknownFrameType => "unknown frame type",
        ErrorCode.FrameTooLarge => "frame too large",
        ErrorCode.NotAuthenticated => "log in first",
        ErrorCode.AlreadyAuthenticated => "already logged in",
        ErrorCode.InvalidName => "invalid name",
        ErrorCode.NameTaken => "name is taken",
        ErrorCode.AuthenticationFailed => "authentication failed",
        ErrorCode.RateLimited => "rate limited",
        ErrorCode.RoomExists => "room exists",
        ErrorCode.UnknownRoom => "unknown room",
        ErrorCode.RoomFull => "room is full",
        ErrorCode.NotMember => "not a member",
        ErrorCode.AlreadyMember => "already a member",
        ErrorCode.InvalidKey => "invalid identity key or announcement",
        ErrorCode.TooManyRooms => "too many rooms",
        ErrorCode.InternalError => "internal error",
        ErrorCode.ResumeGap => "cannot resume: join again",
        _ => code.ToString(),
    };
}
