namespace PyChat.Client.Cryptography;

/// <summary>Why reading or writing an identity key file failed.</summary>
public enum IdentityKeyFileError
{
    /// <summary>The file (or, when writing, its folder) does not exist.</summary>
    NotFound,

    /// <summary>A file already exists at the path; identity key files are never overwritten.</summary>
    AlreadyExists,

    /// <summary>
    /// The password does not decrypt the key. PKCS#8 has no integrity check, so damage inside the
    /// encrypted part of an otherwise well-formed file is reported this way too.
    /// </summary>
    WrongPassword,

    /// <summary>Not a well-formed PEM / PKCS#8 structure (truncated, edited, bad base64 or DER), or an unsupported encryption scheme.</summary>
    Corrupted,

    /// <summary>A valid private key, but not ECDSA P-256 (e.g. RSA, P-384, Ed25519).</summary>
    WrongKeyType,

    /// <summary>An unencrypted private key ("PRIVATE KEY", "EC PRIVATE KEY", …): refused, an identity key is always password-protected.</summary>
    NotEncrypted,
}
