// Fernet (github.com/fernet/spec): token = 0x80 ‖ u64 timestamp ‖ iv[16] ‖ AES-128-CBC(PKCS #7) ‖
// HMAC-SHA256[32] over everything before it, sent as URL-safe base64 with padding. Encrypt-then-MAC:
// the MAC is checked (in constant time) before anything is decrypted or any timestamp is believed.
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace PyChat.Client.Cryptography;

/// <summary>Fernet authenticated encryption: AES-128-CBC with HMAC-SHA256, timestamped.</summary>
public static class Fernet
{
    private const byte Version = 0x80;
    private const int HeaderSize = 1 + 8 + 16;
    private const int MacSize = 32;
    private const int BlockSize = 16;

    /// <summary>Encrypts <paramref name="plaintext"/> with a random IV, stamped with <paramref name="now"/>.</summary>
    public static string Encrypt(FernetKey key, ReadOnlySpan<byte> plaintext, DateTimeOffset now)
    {
        var ascii = new byte[GetTokenLength(plaintext.Length)];
        var written = Encrypt(key, plaintext, now, ascii);
        return System.Text.Encoding.ASCII.GetString(ascii, 0, written);
    }

    /// <summary>The length in ASCII characters of the token for a plaintext of this length.</summary>
    public static int GetTokenLength(int plaintextLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(plaintextLength);
        return Base64UrlPadded.EncodedLength(RawLength(plaintextLength));
    }

    /// <summary>Encrypts into <paramref name="tokenAscii"/>; returns the number of bytes written.</summary>
    /// <exception cref="ArgumentException"><paramref name="tokenAscii"/> is shorter than <see cref="GetTokenLength"/>.</exception>
    public static int Encrypt(FernetKey key, ReadOnlySpan<byte> plaintext, DateTimeOffset now, Span<byte> tokenAscii)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (tokenAscii.Length < GetTokenLength(plaintext.Length))
        {
            throw new ArgumentException("destination too small for the token", nameof(tokenAscii));
        }

        var raw = new byte[RawLength(plaintext.Length)];
        raw[0] = Version;
        BinaryPrimitives.WriteUInt64BigEndian(raw.AsSpan(1), (ulong)now.ToUnixTimeSeconds());
        var iv = raw.AsSpan(9, 16);
        RandomNumberGenerator.Fill(iv);
        using (var aes = Aes.Create())
        {
            aes.Key = key.EncryptionKey.ToArray();
            aes.EncryptCbc(plaintext, iv, raw.AsSpan(HeaderSize, raw.Length - HeaderSize - MacSize));
        }

        HMACSHA256.HashData(key.SigningKey, raw.AsSpan(0, raw.Length - MacSize), raw.AsSpan(raw.Length - MacSize));
        return Base64UrlPadded.Encode(raw, tokenAscii);
    }

    /// <summary>Opens a token; returns <see langword="false"/> with the reason instead of throwing.</summary>
    public static bool TryDecrypt(
        FernetKey key, string token, FernetValidation validation, DateTimeOffset now,
        [NotNullWhen(true)] out byte[]? plaintext, out FernetError error)
    {
        ArgumentNullException.ThrowIfNull(token);
        plaintext = null;
        if (!Base64UrlPadded.TryDecode(token.AsSpan(), out var raw))
        {
            error = FernetError.Malformed;
            return false;
        }

        return TryOpen(key, raw, validation, now, out plaintext, out error);
    }

    /// <summary>Opens a token given as ASCII bytes; returns <see langword="false"/> with the reason instead of throwing.</summary>
    public static bool TryDecrypt(
        FernetKey key, ReadOnlySpan<byte> tokenAscii, FernetValidation validation, DateTimeOffset now,
        [NotNullWhen(true)] out byte[]? plaintext, out FernetError error)
    {
        plaintext = null;
        if (!Base64UrlPadded.TryDecode(tokenAscii, out var raw))
        {
            error = FernetError.Malformed;
            return false;
        }

        return TryOpen(key, raw, validation, now, out plaintext, out error);
    }

    private static bool TryOpen(
        FernetKey key, byte[] raw, FernetValidation validation, DateTimeOffset now,
        [NotNullWhen(true)] out byte[]? plaintext, out FernetError error)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(validation);
        plaintext = null;
        var cipherLength = raw.Length - HeaderSize - MacSize;
        if (cipherLength < BlockSize || cipherLength % BlockSize != 0)
        {
            error = FernetError.Malformed;
            return false;
        }

        if (raw[0] != Version)
        {
            error = FernetError.UnsupportedVersion;
            return false;
        }

        Span<byte> mac = stackalloc byte[MacSize];
        HMACSHA256.HashData(key.SigningKey, raw.AsSpan(0, raw.Length - MacSize), mac);
        if (!CryptographicOperations.FixedTimeEquals(mac, raw.AsSpan(raw.Length - MacSize)))
        {
            error = FernetError.InvalidMac;
            return false;
        }

        var timestamp = BinaryPrimitives.ReadUInt64BigEndian(raw.AsSpan(1));
        var nowSeconds = now.ToUnixTimeSeconds();
        if (timestamp > (ulong)long.MaxValue || (long)timestamp > nowSeconds + (long)validation.MaxClockSkew.TotalSeconds)
        {
            error = FernetError.FromTheFuture;
            return false;
        }

        if (validation.TimeToLive is { } ttl && (long)timestamp + (long)ttl.TotalSeconds < nowSeconds)
        {
            error = FernetError.Expired;
            return false;
        }

        try
        {
            using var aes = Aes.Create();
            aes.Key = key.EncryptionKey.ToArray();
            plaintext = aes.DecryptCbc(raw.AsSpan(HeaderSize, cipherLength), raw.AsSpan(9, 16));
        }
        catch (CryptographicException)
        {
            error = FernetError.InvalidPadding;
            return false;
        }

        error = FernetError.None;
        return true;
    }

    private static int RawLength(int plaintextLength) => HeaderSize + ((plaintextLength / BlockSize) + 1) * BlockSize + MacSize;
}
