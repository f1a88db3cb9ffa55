using PyChat.Protocol;

namespace PyChat.Relay.Authentication;

/// <summary>What a Register or Login attempt came to.</summary>
internal enum AuthenticationResult
{
    Succeeded,
    AlreadyAuthenticated,
    RateLimited,
    InvalidName,
    InvalidKey,
    NameTaken,
    /// <summary>The registry could not store the registration (disk full); the relay's fault, not the client's.</summary>
    StorageFull,
    /// <summary>Unknown user or bad signature: deliberately one answer, so names cannot be probed.</summary>
    Failed,
}

internal static class AuthenticationResultExtensions
{
    public static ErrorCode ToErrorCode(this AuthenticationResult result) => result switch
    {
        AuthenticationResult.AlreadyAuthenticated => ErrorCode.AlreadyAuthenticated,
        AuthenticationResult.RateLimited => ErrorCode.RateLimited,
        AuthenticationResult.InvalidName => ErrorCode.InvalidName,
        AuthenticationResult.InvalidKey => ErrorCode.InvalidKey,
        AuthenticationResult.NameTaken => ErrorCode.NameTaken,
        AuthenticationResult.StorageFull => ErrorCode.InternalError,
        _ => ErrorCode.AuthenticationFailed,
    };
}
