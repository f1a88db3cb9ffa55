namespace PyChat.Client.Cryptography;

/// <summary>Why <see cref="Fernet.TryDecrypt(FernetKey, string, FernetValidation, DateTimeOffset, out byte[], out FernetError)"/> rejected a token.</summary>
public enum FernetError
{
    /// <summary>The token was accepted.</summary>
    None,

    /// <summary>Not URL-safe base64, or the decoded token has an impossible length.</summary>
    Malformed,

    /// <summary>The HMAC does not match: the token was altered or made with another key.</summary>
    InvalidMac,

    /// <summary>The version byte is not 0x80.</summary>
    UnsupportedVersion,

    /// <summary>The MAC was valid but the PKCS#7 padding was not (only a holder of the key can make such a token).</summary>
    InvalidPadding,

    /// <summary>The token is older than <see cref="FernetValidation.TimeToLive"/>.</summary>
    Expired,

    /// <summary>The token's timestamp is later than now plus <see cref="FernetValidation.MaxClockSkew"/>.</summary>
    FromTheFuture,
}
