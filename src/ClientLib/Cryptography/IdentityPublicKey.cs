// Identity public key: ECDSA P-256 in a DER SubjectPublicKeyInfo (RFC 5480, id-ecPublicKey +
// prime256v1, uncompressed point, 91 bytes). Fingerprint = SHA-256(SPKI DER), 32 bytes.
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace PyChat.Client.Cryptography;

/// <summary>
/// The public half of an <see cref="IdentityKey"/>: verifies IEEE P1363 (r || s, 64 bytes) ECDSA
/// P-256 / SHA-256 signatures. Immutable; equal when the SubjectPublicKeyInfo bytes are equal.
/// </summary>
/// <remarks>Safe to use from several threads at once.</remarks>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "An immutable value shared freely; its OpenSSL handle is released by its SafeHandle finalizer.")]
public sealed class IdentityPublicKey : IEquatable<IdentityPublicKey>
{
    private const string P256Oid = "1.2.840.10045.3.1.7";

    private readonly byte[] _spki;
    private readonly byte[] _fingerprint;
    private readonly ECDsa _ecdsa;

    private IdentityPublicKey(byte[] spki, ECDsa ecdsa)
    {
        _spki = spki;
        _ecdsa = ecdsa;
        _fingerprint = SHA256.HashData(spki);
        FingerprintHex = FormatFingerprint(_fingerprint);
    }

    /// <summary>The key as a DER SubjectPublicKeyInfo (RFC 5480), in the canonical form .NET writes.</summary>
    public ReadOnlyMemory<byte> SubjectPublicKeyInfo => _spki;

    /// <summary>SHA-256 of <see cref="SubjectPublicKeyInfo"/> (32 bytes).</summary>
    public ReadOnlyMemory<byte> Fingerprint => _fingerprint;

    /// <summary>The fingerprint as lower-case hex in 16 groups of 4 characters separated by spaces, e.g. <c>ab12 cd34 …</c>.</summary>
    public string FingerprintHex { get; }

    /// <summary>Reads a DER SubjectPublicKeyInfo holding a P-256 key.</summary>
    /// <param name="spki">The DER bytes, nothing after them.</param>
    /// <returns>The key.</returns>
    /// <exception cref="FormatException">Not a valid SPKI, trailing bytes, or not a P-256 EC key (other curves and RSA are refused).</exception>
    public static IdentityPublicKey FromSubjectPublicKeyInfo(ReadOnlySpan<byte> spki) =>
        TryFromSubjectPublicKeyInfo(spki, out IdentityPublicKey? key)
            ? key
            : throw new FormatException("Not a DER SubjectPublicKeyInfo of a P-256 EC key.");

    /// <summary>Reads a DER SubjectPublicKeyInfo holding a P-256 key, without throwing.</summary>
    /// <param name="spki">The DER bytes, nothing after them.</param>
    /// <param name="key">The key, or <see langword="null"/> when the input is not a valid P-256 SPKI.</param>
    /// <returns><see langword="true"/> when the input is a valid P-256 SPKI.</returns>
    public static bool TryFromSubjectPublicKeyInfo(ReadOnlySpan<byte> spki, [NotNullWhen(true)] out IdentityPublicKey? key)
    {
        key = null;
        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportSubjectPublicKeyInfo(spki, out int read);
            if (read != spki.Length || !IsP256(ecdsa))
            {
                ecdsa.Dispose();
                return false;
            }
        }
        catch (Exception e) when (e is CryptographicException or PlatformNotSupportedException)
        {
            // An unknown named-curve OID throws PlatformNotSupportedException: not a P-256 key either.
            ecdsa.Dispose();
            return false;
        }

        // Re-export so that one key has exactly one SPKI, fingerprint and hash code.
        key = new IdentityPublicKey(ecdsa.ExportSubjectPublicKeyInfo(), ecdsa);
        return true;
    }

    /// <summary>Reads the standard base64 text of a DER SubjectPublicKeyInfo (the body of a PEM "PUBLIC KEY").</summary>
    /// <param name="spkiBase64">Standard (not URL-safe) base64.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="spkiBase64"/> is null.</exception>
    /// <exception cref="FormatException">Not base64, or not a P-256 SPKI.</exception>
    public static IdentityPublicKey FromBase64(string spkiBase64)
    {
        ArgumentNullException.ThrowIfNull(spkiBase64);
        return FromSubjectPublicKeyInfo(Convert.FromBase64String(spkiBase64));
    }

    /// <summary>The DER SubjectPublicKeyInfo as standard base64.</summary>
    /// <returns>The base64 text.</returns>
    public string ToBase64() => Convert.ToBase64String(_spki);

    /// <summary>Verifies an IEEE P1363 (r || s, 64 bytes) ECDSA signature over SHA-256(<paramref name="data"/>).</summary>
    /// <param name="data">The signed message.</param>
    /// <param name="signature">The signature; any length other than 64, or any garbage, gives <see langword="false"/>.</param>
    /// <returns><see langword="true"/> only for a valid signature. Never throws.</returns>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != IdentityKey.SignatureSize)
        {
            return false;
        }

        try
        {
            return _ecdsa.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>Compares the SubjectPublicKeyInfo bytes.</summary>
    /// <param name="other">The other key.</param>
    /// <returns><see langword="true"/> when both are the same key.</returns>
    public bool Equals(IdentityPublicKey? other) =>
        other is not null && _spki.AsSpan().SequenceEqual(other._spki);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as IdentityPublicKey);

    /// <inheritdoc/>
    public override int GetHashCode() => BinaryPrimitives.ReadInt32LittleEndian(_fingerprint);

    /// <summary>Returns <c>IdentityPublicKey(</c>fingerprint<c>)</c>.</summary>
    /// <returns>A label with the fingerprint.</returns>
    public override string ToString() => $"IdentityPublicKey({FingerprintHex})";

    /// <summary>For keys .NET itself just exported: skips the re-validation.</summary>
    internal static IdentityPublicKey FromVerifiedSubjectPublicKeyInfo(byte[] spki)
    {
        var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(spki, out _);
        return new IdentityPublicKey(spki, ecdsa);
    }

    internal static bool IsP256(ECDsa ecdsa)
    {
        ECParameters parameters = ecdsa.ExportParameters(includePrivateParameters: false);
        return parameters.Curve.IsNamed && parameters.Curve.Oid.Value == P256Oid;
    }

    private static string FormatFingerprint(ReadOnlySpan<byte> fingerprint)
    {
        // 2 bytes -> 4 hex digits per group, groups separated by one space.
        string hex = Convert.ToHexStringLower(fingerprint);
        return string.Create(hex.Length + (hex.Length / 4) - 1, hex, static (chars, h) =>
        {
            int c = 0;
            for (int i = 0; i < h.Length; i += 4)
            {
                if (i > 0)
                {
                    chars[c++] = ' ';
                }

                h.AsSpan(i, 4).CopyTo(chars[c..]);
                c += 4;
            }
        });
    }
}
