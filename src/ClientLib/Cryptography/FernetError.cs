namespace PyChat.Client.Cryptography;

/// <summary>Why a Fernet token did not open.</summary>
public enum FernetError
{
    /// <summary>The token opened.</summary>
    None,
    /// <summary>Not base64url, or too short, or the ciphertext is not whole AES blocks.</summary>
    Malformed,
    /// <summary>The HMAC does not verify: wrong key or a modified token.</summary>
    InvalidMac,
    /// <summary>The version byte is not 0x80.</summary>
    UnsupportedVersion,
    /// <summary>The MAC verified but the PKCS #7 padding is wrong (the sender's fault).</summary>
    InvalidPadding,
    /// <summary>The token is older than the time to live.</summary>
    Expired,
    /// <summary>The token's timestamp is further in the future than the allowed clock skew.</summary>
    FromTheFuture,
}
