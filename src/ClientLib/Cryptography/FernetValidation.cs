namespace PyChat.Client.Cryptography;

/// <summary>How a Fernet token's timestamp is checked.</summary>
public sealed record FernetValidation
{
    /// <summary>No time to live and 60 seconds of clock skew, as the reference implementation.</summary>
    public static FernetValidation Default { get; } = new();

    /// <summary>Oldest acceptable token age; <see langword="null"/> (the default) accepts any age.</summary>
    public TimeSpan? TimeToLive { get; init; }

    /// <summary>How far in the future a token's timestamp may be. Default 60 seconds.</summary>
    public TimeSpan MaxClockSkew { get; init; } = TimeSpan.FromSeconds(60);
}
