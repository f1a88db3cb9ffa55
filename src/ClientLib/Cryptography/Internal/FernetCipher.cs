using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;

namespace PyChat.Client.Cryptography.Internal;

/// <summary>
/// The keyed primitives of one Fernet key, kept ready between calls so that a token costs no
/// OpenSSL context set-up: an AES-128-CBC encryptor and an AES-128-ECB decryptor (reusable
/// <see cref="ICryptoTransform"/>s, each holding one keyed OpenSSL cipher context; the
/// <c>Aes.EncryptCbc</c>/<c>DecryptCbc</c> one-shots create, key and free a context on every call,
/// which was the largest cost for small tokens) and an HMAC-SHA256 <see cref="IncrementalHash"/>
/// (which keeps its keyed OpenSSL context; the static one-shot would make a new one each call).
/// None of these is safe for concurrent use, so instances are rented from a
/// <see cref="FernetCipherPool"/>.
/// </summary>
/// <remarks>
/// <para>
/// CBC encryption: the encryptor is one endless CBC stream, so its context chains each call from
/// the last ciphertext block of the previous call (<see cref="_chain"/>; zero at first). Feeding
/// <c>P0 ^ IV ^ chain</c> as the first block makes the first ciphertext block
/// <c>E(P0 ^ IV)</c>, exactly CBC with the token's IV, and the rest chains inside OpenSSL. This
/// avoids a context reset per token.
/// </para>
/// <para>
/// CBC decryption is ECB decryption (parallel, stateless) followed by XOR with the previous
/// ciphertext blocks, which in a Fernet token immediately precede each block (the IV precedes the
/// first one). Small ciphertexts decrypt in one call into a scratch buffer that is zeroed
/// afterwards; large ones decrypt the last block first and the rest straight into the result.
/// </para>
/// <para>
/// If an operation throws part-way, <see cref="Faulted"/> stays set and the pool disposes the
/// instance instead of reusing a context in an unknown state.
/// </para>
/// </remarks>
internal sealed class FernetCipher : IDisposable
{
    public const int BlockSize = 16;

    /// <summary>Ciphertexts up to this size decrypt in one AES call via the scratch buffer.</summary>
    private const int ScratchSize = 4096;

    private readonly ICryptoTransform _cbcEncryptor;
    private readonly ICryptoTransform _ecbDecryptor;
    private readonly IncrementalHash _hmac;

    // The ciphertext block the encryptor's context will chain the next block from (public data).
    private readonly byte[] _chain = new byte[BlockSize];

    // Decrypted small tokens (or the last block of a large one) land here; zeroed after every use.
    private readonly byte[] _scratch = new byte[ScratchSize];

    public FernetCipher(ReadOnlySpan<byte> signingKey, ReadOnlySpan<byte> encryptionKey)
    {
        // The transforms hold their own keyed contexts; the Aes object is only needed to make them.
        using (var aes = Aes.Create())
        {
            aes.SetKey(encryptionKey);
            aes.Padding = PaddingMode.None;
            aes.Mode = CipherMode.CBC;
            aes.IV = new byte[BlockSize];
            _cbcEncryptor = aes.CreateEncryptor();
            aes.Mode = CipherMode.ECB;
            _ecbDecryptor = aes.CreateDecryptor();
        }

        _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, signingKey);
    }

    /// <summary>An operation threw part-way: the contexts may be in an unknown state, so do not reuse this instance.</summary>
    public bool Faulted { get; private set; }

    /// <summary>HMAC-SHA256 of <paramref name="data"/> into <paramref name="mac"/> (32 bytes); leaves the HMAC ready for the next call.</summary>
    public void ComputeMac(ReadOnlySpan<byte> data, Span<byte> mac)
    {
        Faulted = true;
        _hmac.AppendData(data);
        _hmac.GetHashAndReset(mac);
        Faulted = false;
    }

    /// <summary>
    /// AES-128-CBC encrypts <paramref name="count"/> bytes (whole blocks, already padded) of
    /// <paramref name="buffer"/> at <paramref name="offset"/> in place, with the given IV.
    /// </summary>
    public void EncryptCbcInPlace(byte[] buffer, int offset, int count, ReadOnlySpan<byte> iv)
    {
        if (count <= 0 || count % BlockSize != 0 || iv.Length != BlockSize)
        {
            throw new ArgumentException("CBC input must be whole blocks and the IV one block.");
        }

        Faulted = true;
        Span<byte> first = buffer.AsSpan(offset, BlockSize);
        XorInPlace(first, iv);
        XorInPlace(first, _chain);
        int written = _cbcEncryptor.TransformBlock(buffer, offset, count, buffer, offset);
        if (written != count)
        {
            throw new CryptographicException("AES-CBC did not encrypt every block.");
        }

        buffer.AsSpan(offset + count - BlockSize, BlockSize).CopyTo(_chain);
        Faulted = false;
    }

    /// <summary>
    /// AES-128-CBC decrypts <paramref name="count"/> bytes (whole blocks) of <paramref name="source"/>
    /// at <paramref name="offset"/> into <paramref name="destination"/> at <paramref name="destinationOffset"/>.
    /// The CBC predecessor of each block is the 16 bytes before it in <paramref name="source"/>, so
    /// <paramref name="offset"/> is at least 16 (the IV, or the previous ciphertext block).
    /// </summary>
    public void DecryptCbc(byte[] source, int offset, int count, byte[] destination, int destinationOffset)
    {
        if (count <= 0 || count % BlockSize != 0 || offset < BlockSize)
        {
            throw new ArgumentException("CBC input must be whole blocks preceded by their IV.");
        }

        Faulted = true;
        int written = _ecbDecryptor.TransformBlock(source, offset, count, destination, destinationOffset);
        if (written != count)
        {
            throw new CryptographicException("AES did not decrypt every block.");
        }

        XorInPlace(destination.AsSpan(destinationOffset, count), source.AsSpan(offset - BlockSize, count));
        Faulted = false;
    }

    /// <summary>
    /// AES-128-CBC decrypts <paramref name="count"/> bytes (whole blocks, each preceded in
    /// <paramref name="source"/> by its CBC predecessor, as for <see cref="DecryptCbc"/>) and removes
    /// the PKCS#7 padding, into a new array of exactly the plaintext's length.
    /// </summary>
    /// <returns><see langword="false"/> when the padding is invalid (then <paramref name="plaintext"/> is null).</returns>
    public bool TryDecryptCbcPkcs7(byte[] source, int offset, int count, [NotNullWhen(true)] out byte[]? plaintext)
    {
        plaintext = null;
        Span<byte> last = _scratch.AsSpan(0, BlockSize);
        try
        {
            if (count <= ScratchSize)
            {
                // Small: one AES call into the scratch buffer, then copy the exact plaintext out.
                DecryptCbc(source, offset, count, _scratch, 0);
                last = _scratch.AsSpan(count - BlockSize, BlockSize);
                if (!TryGetPadding(last, out int padding))
                {
                    return false;
                }

                plaintext = _scratch.AsSpan(0, count - padding).ToArray();
                return true;
            }
            else
            {
                // Large: the last block first, to learn the exact length, then the rest straight
                // into the result (no copy of the bulk).
                int headLength = count - BlockSize;
                DecryptCbc(source, offset + headLength, BlockSize, _scratch, 0);
                if (!TryGetPadding(last, out int padding))
                {
                    return false;
                }

                byte[] result = GC.AllocateUninitializedArray<byte>(count - padding);
                DecryptCbc(source, offset, headLength, result, 0);
                last[..^padding].CopyTo(result.AsSpan(headLength));
                plaintext = result;
                return true;
            }
        }
        finally
        {
            // Plaintext never stays behind in the scratch buffer.
            CryptographicOperations.ZeroMemory(_scratch.AsSpan(0, count <= ScratchSize ? count : BlockSize));
        }
    }

    public void Dispose()
    {
        _cbcEncryptor.Dispose();
        _ecbDecryptor.Dispose();
        _hmac.Dispose();
    }

    // PKCS#7: 1..16 bytes, each equal to the count. Only ever checked after the MAC, so its timing reveals nothing useful.
    private static bool TryGetPadding(ReadOnlySpan<byte> lastBlock, out int padding)
    {
        padding = lastBlock[^1];
        return padding is >= 1 and <= BlockSize && !lastBlock[^padding..].ContainsAnyExcept((byte)padding);
    }

    private static void XorInPlace(Span<byte> destination, ReadOnlySpan<byte> source)
    {
        int length = destination.Length;
        if (source.Length != length)
        {
            throw new ArgumentException("XOR operands differ in length.", nameof(source));
        }

        ref byte d = ref MemoryMarshal.GetReference(destination);
        ref byte s = ref MemoryMarshal.GetReference(source);
        nuint i = 0;
        nuint n = (nuint)length;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 32 <= n; i += 32)
            {
                (Vector256.LoadUnsafe(ref d, i) ^ Vector256.LoadUnsafe(ref s, i)).StoreUnsafe(ref d, i);
            }
        }

        if (Vector128.IsHardwareAccelerated)
        {
            for (; i + 16 <= n; i += 16)
            {
                (Vector128.LoadUnsafe(ref d, i) ^ Vector128.LoadUnsafe(ref s, i)).StoreUnsafe(ref d, i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref d, i) ^= Unsafe.Add(ref s, i);
        }
    }
}
