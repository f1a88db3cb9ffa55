// Fernet key (https://github.com/fernet/spec, Spec.md): 32 bytes = 16-byte HMAC-SHA256 signing key
// || 16-byte AES-128-CBC encryption key. Text form: URL-safe base64 with padding (44 characters).
using System.Security.Cryptography;
using PyChat.Client.Cryptography.Internal;

namespace PyChat.Client.Cryptography;

/// <summary>
/// A Fernet key: a 16-byte signing key followed by a 16-byte encryption key. The key bytes live in a
/// pinned buffer that <see cref="Dispose"/> zeroes; they leave the object only through the explicit
/// <see cref="Export"/> and <see cref="ExportBase64Url"/> calls, never through <see cref="ToString"/>.
/// </summary>
/// <remarks>
/// Encrypting and decrypting with one key from several threads at once is safe. Disposing a key
/// while another thread still uses it is a caller error (that thread may see an
/// <see cref="ObjectDisposedException"/>).
/// </remarks>
public sealed class FernetKey : IDisposable
{
    /// <summary>The key size in bytes (signing key + encryption key).</summary>
    public const int Size = 32;

    internal const int SigningKeySize = 16;
    internal const int EncryptionKeySize = 16;

    // Pinned so the GC never leaves copies of the key behind when it compacts the heap.
    private readonly byte[] _key = GC.AllocateUninitializedArray<byte>(Size, pinned: true);
    private readonly FernetCipherPool _ciphers = new();
    private volatile bool _disposed;

    private FernetKey()
    {
    }

    /// <summary>Creates a new random key from the operating system's CSPRNG.</summary>
    /// <returns>A new key; the caller disposes it.</returns>
    public static FernetKey Generate()
    {
        var key = new FernetKey();
        RandomNumberGenerator.Fill(key._key);
        return key;
    }

    /// <summary>Imports a raw 32-byte key (signing key || encryption key).</summary>
    /// <param name="key">Exactly <see cref="Size"/> bytes. The span is copied; the caller still owns (and should zero) it.</param>
    /// <returns>A new key; the caller disposes it.</returns>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not exactly 32 bytes.</exception>
    public static FernetKey Import(ReadOnlySpan<byte> key)
    {
        if (key.Length != Size)
        {
            throw new ArgumentException($"A Fernet key is exactly {Size} bytes.", nameof(key));
        }

        var result = new FernetKey();
        key.CopyTo(result._key);
        return result;
    }

    /// <summary>
    /// Imports a key from its URL-safe base64 text form (the form Python's
    /// <c>Fernet.generate_key()</c> produces); the '=' padding is optional.
    /// </summary>
    /// <param name="key">The base64url text of 32 bytes.</param>
    /// <returns>A new key; the caller disposes it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="FormatException">The text is not URL-safe base64 of exactly 32 bytes. The message never contains the text.</exception>
    public static FernetKey FromBase64Url(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Span<byte> buffer = stackalloc byte[Size + 3];
        try
        {
            if (key.Length > 48 || !FernetBase64.TryDecode(key, buffer, out int written) || written != Size)
            {
                throw new FormatException($"A Fernet key is URL-safe base64 of exactly {Size} bytes.");
            }

            return Import(buffer[..Size]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }

    /// <summary>Copies the raw key into <paramref name="destination"/>.</summary>
    /// <param name="destination">Exactly <see cref="Size"/> bytes; the caller zeroes it after use.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is not exactly 32 bytes.</exception>
    /// <exception cref="ObjectDisposedException">The key was disposed.</exception>
    public void Export(Span<byte> destination)
    {
        if (destination.Length != Size)
        {
            throw new ArgumentException($"The destination must be exactly {Size} bytes.", nameof(destination));
        }

        Key.CopyTo(destination);
    }

    /// <summary>
    /// Exports the key as padded URL-safe base64 (44 characters), the form Python's
    /// <c>cryptography.fernet.Fernet</c> accepts. Strings cannot be zeroed: prefer <see cref="Export"/>.
    /// </summary>
    /// <returns>The key text.</returns>
    /// <exception cref="ObjectDisposedException">The key was disposed.</exception>
    public string ExportBase64Url()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return string.Create(FernetBase64.GetPaddedLength(Size), _key, static (chars, k) => FernetBase64.EncodePadded(k, chars));
    }

    /// <summary>Returns <c>FernetKey(redacted)</c>: never the key.</summary>
    /// <returns>A constant text.</returns>
    public override string ToString() => "FernetKey(redacted)";

    /// <summary>Zeroes the key and releases the cached cipher objects. Later use throws <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        _disposed = true;
        _ciphers.Dispose();
        CryptographicOperations.ZeroMemory(_key);
    }

    /// <summary>The whole key; throws when disposed.</summary>
    internal ReadOnlySpan<byte> Key
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _key;
        }
    }

    internal ReadOnlySpan<byte> SigningKey => Key[..SigningKeySize];

    internal ReadOnlySpan<byte> EncryptionKey => Key[SigningKeySize..];

    /// <summary>Rents the keyed AES and HMAC objects; give them back with <see cref="ReturnCipher"/>.</summary>
    internal FernetCipher RentCipher() => _ciphers.Rent(SigningKey, EncryptionKey);

    internal void ReturnCipher(FernetCipher cipher) => _ciphers.Return(cipher);
}
