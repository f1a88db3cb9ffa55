using System.Security.Cryptography;

namespace PyChat.Client.Cryptography.Internal;

/// <summary>
/// The keyed primitives of one Fernet key, kept ready between calls: an AES-128 instance (which
/// caches its OpenSSL cipher context for the CBC one-shots) and an HMAC-SHA256
/// <see cref="IncrementalHash"/> (which keeps its keyed OpenSSL context; the static one-shot would
/// fetch and key a new one on every call, the largest cost for small tokens). Neither is safe for
/// concurrent use, so instances are rented from a <see cref="FernetCipherPool"/>.
/// </summary>
internal sealed class FernetCipher : IDisposable
{
    private readonly IncrementalHash _hmac;

    public FernetCipher(ReadOnlySpan<byte> signingKey, ReadOnlySpan<byte> encryptionKey)
    {
        Aes = System.Security.Cryptography.Aes.Create();
        Aes.SetKey(encryptionKey);
        _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, signingKey);
    }

    public Aes Aes { get; }

    /// <summary>HMAC-SHA256 of <paramref name="data"/> into <paramref name="mac"/> (32 bytes); leaves the HMAC ready for the next call.</summary>
    public void ComputeMac(ReadOnlySpan<byte> data, Span<byte> mac)
    {
        _hmac.AppendData(data);
        _hmac.GetHashAndReset(mac);
    }

    public void Dispose()
    {
        Aes.Dispose();
        _hmac.Dispose();
    }
}
