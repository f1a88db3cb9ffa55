// Fernet (https://github.com/fernet/spec, Spec.md), version 0x80:
//   token = base64url( 0x80 | u64 BE timestamp | IV (16) | AES-128-CBC/PKCS#7 ciphertext | HMAC-SHA256 (32) )
// The HMAC (16-byte signing key) covers every byte before it. Tokens are written with '=' padding,
// like Python's cryptography.fernet, and read with or without it.
using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using PyChat.Client.Cryptography.Internal;

namespace PyChat.Client.Cryptography;

/// <summary>
/// Fernet authenticated encryption, interoperable with Python's <c>cryptography.fernet</c>.
/// Encryption returns URL-safe base64 text (padded); decryption verifies the HMAC in constant time
/// before it decrypts anything, and reports failures as <see langword="false"/> with a
/// <see cref="FernetError"/>, never as an exception.
/// </summary>
public static class Fernet
{
    /// <summary>Encrypts <paramref name="plaintext"/> with a fresh random IV and the time <paramref name="now"/>.</summary>
    /// <param name="key">The Fernet key.</param>
    /// <param name="plaintext">The message.</param>
    /// <param name="now">The token's timestamp (whole seconds since the Unix epoch are recorded; must not be before 1970).</param>
    /// <returns>The token as padded URL-safe base64.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="now"/> is before 1970 or the plaintext is too large.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="key"/> was disposed.</exception>
    public static string Encrypt(FernetKey key, ReadOnlySpan<byte> plaintext, DateTimeOffset now)
    {
        Span<byte> iv = stackalloc byte[FernetLayout.IvSize];
        FernetRandom.Fill(iv);
        return Encrypt(key, plaintext, now, (ReadOnlySpan<byte>)iv);
    }

    /// <summary>The length in ASCII characters of the token for a plaintext of <paramref name="plaintextLength"/> bytes.</summary>
    /// <param name="plaintextLength">The plaintext length in bytes.</param>
    /// <returns><c>4 * ceil((57 + 16 * (floor(n / 16) + 1)) / 3)</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The length is negative or too large for a token to fit in memory.</exception>
    public static int GetTokenLength(int plaintextLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(plaintextLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(plaintextLength, FernetLayout.MaxPlaintextLength);
        return FernetBase64.GetPaddedLength(FernetLayout.GetRawLength(plaintextLength));
    }

    /// <summary>Encrypts into a caller-supplied buffer of ASCII bytes, without allocating.</summary>
    /// <param name="key">The Fernet key.</param>
    /// <param name="plaintext">The message.</param>
    /// <param name="now">The token's timestamp (not before 1970).</param>
    /// <param name="tokenAscii">At least <see cref="GetTokenLength"/> bytes; receives the token's ASCII text.</param>
    /// <returns>The number of bytes written, always <see cref="GetTokenLength"/> of the plaintext length.</returns>
    /// <exception cref="ArgumentException"><paramref name="tokenAscii"/> is too small.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="now"/> is before 1970.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="key"/> was disposed.</exception>
    public static int Encrypt(FernetKey key, ReadOnlySpan<byte> plaintext, DateTimeOffset now, Span<byte> tokenAscii)
    {
        ArgumentNullException.ThrowIfNull(key);
        ulong timestamp = ToTimestamp(now);
        int tokenLength = GetTokenLength(plaintext.Length);
        if (tokenAscii.Length < tokenLength)
        {
            throw new ArgumentException($"The destination needs {tokenLength} bytes.", nameof(tokenAscii));
        }

        Span<byte> iv = stackalloc byte[FernetLayout.IvSize];
        FernetRandom.Fill(iv);

        // The raw token is built in a pooled array: the reusable AES transform works on arrays.
        int rawLength = FernetLayout.GetRawLength(plaintext.Length);
        byte[] raw = ArrayPool<byte>.Shared.Rent(rawLength);
        try
        {
            Seal(key, plaintext, timestamp, iv, raw, rawLength);
            FernetBase64.EncodePadded(raw.AsSpan(0, rawLength), tokenAscii[..tokenLength]);
            return tokenLength;
        }
        finally
        {
            // Seal leaves only public bytes (ciphertext) in the raw token, so no zeroing is needed.
            ArrayPool<byte>.Shared.Return(raw);
        }
    }

    /// <summary>Encrypts into a caller-supplied array of ASCII bytes (same as the <see cref="Span{T}"/> overload).</summary>
    /// <param name="key">The Fernet key.</param>
    /// <param name="plaintext">The message.</param>
    /// <param name="now">The token's timestamp (not before 1970).</param>
    /// <param name="tokenAscii">At least <see cref="GetTokenLength"/> bytes; receives the token's ASCII text.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentException"><paramref name="tokenAscii"/> is too small.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> or <paramref name="tokenAscii"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="now"/> is before 1970.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="key"/> was disposed.</exception>
    /// <remarks>Exists so that an array argument always binds here, never to the internal fixed-IV overload.</remarks>
    public static int Encrypt(FernetKey key, ReadOnlySpan<byte> plaintext, DateTimeOffset now, byte[] tokenAscii)
    {
        ArgumentNullException.ThrowIfNull(tokenAscii);
        return Encrypt(key, plaintext, now, tokenAscii.AsSpan());
    }

    /// <summary>Encrypts with a caller-chosen IV: only for the published spec vectors. Never reuse an IV.</summary>
    /// <remarks>
    /// Inside this assembly and its friends a <c>ReadOnlySpan</c> fourth argument binds here: a
    /// destination must be a <c>Span</c> or an array (which binds to the public array overload).
    /// </remarks>
    internal static string Encrypt(FernetKey key, ReadOnlySpan<byte> plaintext, DateTimeOffset now, ReadOnlySpan<byte> iv)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (iv.Length != FernetLayout.IvSize)
        {
            throw new ArgumentException($"The IV is {FernetLayout.IvSize} bytes.", nameof(iv));
        }

        ulong timestamp = ToTimestamp(now);
        int tokenLength = GetTokenLength(plaintext.Length);
        int rawLength = FernetLayout.GetRawLength(plaintext.Length);
        byte[] raw = ArrayPool<byte>.Shared.Rent(rawLength);
        try
        {
            Seal(key, plaintext, timestamp, iv, raw, rawLength);
            return string.Create(tokenLength, (raw, rawLength), static (chars, state) =>
                FernetBase64.EncodePadded(state.raw.AsSpan(0, state.rawLength), chars));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(raw);
        }
    }

    /// <summary>Verifies and decrypts a token given as text.</summary>
    /// <param name="key">The Fernet key.</param>
    /// <param name="token">The token, URL-safe base64 with or without '=' padding.</param>
    /// <param name="validation">Time-to-live and clock-skew rules, e.g. <see cref="FernetValidation.Default"/>.</param>
    /// <param name="now">The current time.</param>
    /// <param name="plaintext">The message when the token is valid; otherwise <see langword="null"/>.</param>
    /// <param name="error"><see cref="FernetError.None"/> on success; otherwise why the token was rejected.</param>
    /// <returns><see langword="true"/> when the token is authentic, well-formed and within its time limits.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/>, <paramref name="token"/> or <paramref name="validation"/> is null.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="key"/> was disposed.</exception>
    public static bool TryDecrypt(FernetKey key, string token, FernetValidation validation, DateTimeOffset now, [NotNullWhen(true)] out byte[]? plaintext, out FernetError error)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(validation);
        return TryDecode(token, out plaintext, out error, key, validation, now);
    }

    /// <summary>Verifies and decrypts a token given as ASCII bytes.</summary>
    /// <param name="key">The Fernet key.</param>
    /// <param name="tokenAscii">The token's ASCII text, with or without '=' padding.</param>
    /// <param name="validation">Time-to-live and clock-skew rules, e.g. <see cref="FernetValidation.Default"/>.</param>
    /// <param name="now">The current time.</param>
    /// <param name="plaintext">The message when the token is valid; otherwise <see langword="null"/>.</param>
    /// <param name="error"><see cref="FernetError.None"/> on success; otherwise why the token was rejected.</param>
    /// <returns><see langword="true"/> when the token is authentic, well-formed and within its time limits.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> or <paramref name="validation"/> is null.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="key"/> was disposed.</exception>
    public static bool TryDecrypt(FernetKey key, ReadOnlySpan<byte> tokenAscii, FernetValidation validation, DateTimeOffset now, [NotNullWhen(true)] out byte[]? plaintext, out FernetError error)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(validation);
        return TryDecode(tokenAscii, out plaintext, out error, key, validation, now);
    }

    private static bool TryDecode(ReadOnlySpan<char> token, out byte[]? plaintext, out FernetError error, FernetKey key, FernetValidation validation, DateTimeOffset now)
    {
        // Narrow to ASCII bytes first (vectorized; anything else is not base64url), then share the byte path.
        byte[] ascii = ArrayPool<byte>.Shared.Rent(token.Length);
        try
        {
            if (Ascii.FromUtf16(token, ascii, out int written) != OperationStatus.Done)
            {
                plaintext = null;
                error = FernetError.Malformed;
                return false;
            }

            return TryDecode(ascii.AsSpan(0, written), out plaintext, out error, key, validation, now);
        }
        finally
        {
            // Token text is public: no zeroing needed.
            ArrayPool<byte>.Shared.Return(ascii);
        }
    }

    private static bool TryDecode(ReadOnlySpan<byte> token, out byte[]? plaintext, out FernetError error, FernetKey key, FernetValidation validation, DateTimeOffset now)
    {
        // A pooled array, not the stack: the reusable AES transform works on arrays.
        byte[] raw = ArrayPool<byte>.Shared.Rent(FernetBase64.GetMaxDecodedLength(token.Length));
        try
        {
            if (!FernetBase64.TryDecode(token, raw, out int rawLength))
            {
                plaintext = null;
                error = FernetError.Malformed;
                return false;
            }

            return TryOpen(key, raw, rawLength, validation, now, out plaintext, out error);
        }
        finally
        {
            // The decoded token is public (ciphertext); plaintext is only ever written to the result.
            ArrayPool<byte>.Shared.Return(raw);
        }
    }

    /// <summary>
    /// Writes the raw (binary) token for <paramref name="plaintext"/> into the first
    /// <paramref name="rawLength"/> bytes of <paramref name="raw"/>: the plaintext and its PKCS#7
    /// padding are copied in and encrypted in place, then MACed.
    /// </summary>
    private static void Seal(FernetKey key, ReadOnlySpan<byte> plaintext, ulong timestamp, ReadOnlySpan<byte> iv, byte[] raw, int rawLength)
    {
        Span<byte> token = raw.AsSpan(0, rawLength);
        token[0] = FernetLayout.Version;
        BinaryPrimitives.WriteUInt64BigEndian(token[FernetLayout.TimestampOffset..], timestamp);
        iv.CopyTo(token[FernetLayout.IvOffset..]);

        int ciphertextLength = rawLength - FernetLayout.Overhead;
        Span<byte> body = token.Slice(FernetLayout.CiphertextOffset, ciphertextLength);
        plaintext.CopyTo(body);
        body[plaintext.Length..].Fill((byte)(ciphertextLength - plaintext.Length));

        FernetCipher cipher = key.RentCipher();
        try
        {
            cipher.EncryptCbcInPlace(raw, FernetLayout.CiphertextOffset, ciphertextLength, iv);
            cipher.ComputeMac(token[..^FernetLayout.MacSize], token[^FernetLayout.MacSize..]);
        }
        catch
        {
            // The body may still hold plaintext: never leave it in pooled memory.
            CryptographicOperations.ZeroMemory(body);
            throw;
        }
        finally
        {
            key.ReturnCipher(cipher);
        }
    }

    /// <summary>
    /// Checks a decoded token (the first <paramref name="rawLength"/> bytes of
    /// <paramref name="buffer"/>) in this order: layout, version, MAC (constant time), timestamp,
    /// then decrypts. The MAC comes before the timestamp so that a time error is only ever reported
    /// for an authentic token, and before decryption so that no padding oracle exists.
    /// </summary>
    private static bool TryOpen(FernetKey key, byte[] buffer, int rawLength, FernetValidation validation, DateTimeOffset now, out byte[]? plaintext, out FernetError error)
    {
        plaintext = null;
        ReadOnlySpan<byte> raw = buffer.AsSpan(0, rawLength);
        if (raw.Length < FernetLayout.MinimumLength || (raw.Length - FernetLayout.Overhead) % FernetLayout.BlockSize != 0)
        {
            error = raw.Length > 0 && raw[0] != FernetLayout.Version ? FernetError.UnsupportedVersion : FernetError.Malformed;
            return false;
        }

        if (raw[0] != FernetLayout.Version)
        {
            error = FernetError.UnsupportedVersion;
            return false;
        }

        FernetCipher cipher = key.RentCipher();
        try
        {
            Span<byte> mac = stackalloc byte[FernetLayout.MacSize];
            cipher.ComputeMac(raw[..^FernetLayout.MacSize], mac);
            if (!CryptographicOperations.FixedTimeEquals(mac, raw[^FernetLayout.MacSize..]))
            {
                error = FernetError.InvalidMac;
                return false;
            }

            error = CheckTime(BinaryPrimitives.ReadUInt64BigEndian(raw[FernetLayout.TimestampOffset..]), validation, now);
            if (error != FernetError.None)
            {
                return false;
            }

            // In the token each ciphertext block directly follows its CBC predecessor (the IV for
            // the first), as the cipher expects. The plaintext goes straight into an exact-size array.
            if (!cipher.TryDecryptCbcPkcs7(buffer, FernetLayout.CiphertextOffset, rawLength - FernetLayout.Overhead, out plaintext))
            {
                error = FernetError.InvalidPadding;
                return false;
            }

            return true;
        }
        finally
        {
            key.ReturnCipher(cipher);
        }
    }

    private static FernetError CheckTime(ulong timestamp, FernetValidation validation, DateTimeOffset now)
    {
        // Whole seconds, as the spec and Python do (int(time.time())).
        long nowSeconds = now.ToUnixTimeSeconds();
        if (timestamp > long.MaxValue / 2)
        {
            return FernetError.FromTheFuture;
        }

        long age = nowSeconds - (long)timestamp;
        if (-age > validation.MaxClockSkew.TotalSeconds)
        {
            return FernetError.FromTheFuture;
        }

        if (validation.TimeToLive is { } ttl && age > ttl.TotalSeconds)
        {
            return FernetError.Expired;
        }

        return FernetError.None;
    }

    private static ulong ToTimestamp(DateTimeOffset now)
    {
        long seconds = now.ToUnixTimeSeconds();
        ArgumentOutOfRangeException.ThrowIfNegative(seconds, nameof(now));
        return (ulong)seconds;
    }
}
