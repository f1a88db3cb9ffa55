// Fernet key (github.com/fernet/spec): 32 bytes, the first 16 the HMAC-SHA256 signing key, the last 16
// the AES-128-CBC encryption key. Encoded as URL-safe base64 with padding (44 characters).
using System.Security.Cryptography;

namespace PyChat.Client.Cryptography;

/// <summary>A 32-byte Fernet key: 16 bytes of HMAC-SHA256 signing key, then 16 bytes of AES-128 key.</summary>
public sealed class FernetKey : IDisposable
{
    /// <summary>Size of a Fernet key in bytes.</summary>
    public const int Size = 32;

    private readonly byte[] _key;
    private bool _disposed;

    private FernetKey(byte[] key) => _key = key;

    /// <summary>Makes a new random key.</summary>
    public static FernetKey Generate() => new(RandomNumberGenerator.GetBytes(Size));

    /// <summary>Imports a key from its 32 raw bytes.</summary>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not 32 bytes long.</exception>
    public static FernetKey Import(ReadOnlySpan<byte> key) =>
        key.Length == Size ? new FernetKey(key.ToArray()) : throw new ArgumentException($"a Fernet key is {Size} bytes", nameof(key));

    /// <summary>Imports a key from its URL-safe base64 form (44 characters with padding).</summary>
    /// <exception cref="FormatException"><paramref name="key"/> is not a base64url-encoded 32-byte key.</exception>
    public static FernetKey FromBase64Url(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var raw = Base64UrlPadded.TryDecode(key.AsSpan(), out var bytes) ? bytes : null;
        if (raw is null || raw.Length != Size)
        {
            throw new FormatException("not a base64url-encoded 32-byte Fernet key");
        }

        return new FernetKey(raw);
    }

    /// <summary>Writes the 32 raw key bytes into <paramref name="destination"/>.</summary>
    public void Export(Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (destination.Length < Size)
        {
            throw new ArgumentException($"destination needs {Size} bytes", nameof(destination));
        }

        _key.CopyTo(destination);
    }

    /// <summary>The key in URL-safe base64 with padding, the form other Fernet implementations use.</summary>
    public string ExportBase64Url()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Base64UrlPadded.Encode(_key);
    }

    internal ReadOnlySpan<byte> SigningKey => Checked()[..16];

    internal ReadOnlySpan<byte> EncryptionKey => Checked()[16..];

    /// <summary>Zeroes the key.</summary>
    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_key);
        _disposed = true;
    }

    private byte[] Checked()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _key;
    }
}
