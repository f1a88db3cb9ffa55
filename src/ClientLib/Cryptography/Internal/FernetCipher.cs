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
/// first one).
/// </para>
/// <para>
/// If an operation throws part-way, <see cref="Faulted"/> stays set and the pool disposes the
/// instance instead of reusing a context in an unknown state.
/// </para>
/// </remarks>
internal sealed class FernetCipher : IDisposable
{
    public const int BlockSize = 16;

    private readonly ICryptoTransform _cbcEncryptor;
    private readonly ICryptoTransform _ecbDecryptor;
    private readonly IncrementalHash _hmac;

    // The ciphertext block the encryptor's context will chain the next block from (public data).
    private readonly byte[] _chain = new byte[BlockSize];

    // Scratch for one decrypted block; zeroed after every use.
    private readonly byte[] _block = new byte[BlockSize];

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

    /// <summary>Decrypts the one block of <paramref name="source"/> at <paramref name="offset"/> (as <see cref="DecryptCbc"/>) into <paramref name="destination"/>.</summary>
    public void DecryptCbcBlock(byte[] source, int offset, Span<byte> destination)
    {
        try
        {
            DecryptCbc(source, offset, BlockSize, _block, 0);
            _block.CopyTo(destination);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(_block);
        }
    }

    public void Dispose()
    {
        _cbcEncryptor.Dispose();
        _ecbDecryptor.Dispose();
        _hmac.Dispose();
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
