namespace PyChat.Client.Cryptography.Internal;

/// <summary>
/// Byte layout of a decoded Fernet token (Spec.md "Token Format"):
/// <c>0x80 | u64 BE timestamp | 16-byte IV | AES-128-CBC PKCS#7 ciphertext | 32-byte HMAC-SHA256</c>.
/// </summary>
internal static class FernetLayout
{
    public const byte Version = 0x80;
    public const int TimestampOffset = 1;
    public const int IvOffset = 9;
    public const int IvSize = 16;
    public const int CiphertextOffset = IvOffset + IvSize;
    public const int BlockSize = 16;
    public const int MacSize = 32;

    /// <summary>Everything but the ciphertext: version, timestamp, IV, MAC (57 bytes).</summary>
    public const int Overhead = CiphertextOffset + MacSize;

    /// <summary>The shortest valid token carries one ciphertext block (73 bytes).</summary>
    public const int MinimumLength = Overhead + BlockSize;

    /// <summary>Largest plaintext whose token length still fits in an <see cref="int"/>.</summary>
    public const int MaxPlaintextLength = (int.MaxValue / 4 * 3) - Overhead - BlockSize - 3;

    /// <summary>PKCS#7 always adds 1 to 16 bytes.</summary>
    public static int GetCiphertextLength(int plaintextLength) => ((plaintextLength / BlockSize) + 1) * BlockSize;

    public static int GetRawLength(int plaintextLength) => Overhead + GetCiphertextLength(plaintextLength);
}
