// Identity public key: ECDSA P-256 as DER SubjectPublicKeyInfo (RFC 5480), 91 bytes with an
// uncompressed point. Only the canonical encoding is accepted, so one key has one fingerprint.
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace PyChat.Client.Cryptography;

/// <summary>The public half of an <see cref="IdentityKey"/>: verifies signatures, has a fingerprint.</summary>
public sealed class IdentityPublicKey : IEquatable<IdentityPublicKey>
{
    private const string P256Oid = "1.2.840.10045.3.1.7";
    private readonly byte[] _spki;
    private readonly byte[] _fingerprint;
    private readonly ECDsa _key;
    private readonly Lock _lock = new();

    private IdentityPublicKey(byte[] spki, ECDsa key)
    {
        _spki = spki;
        _key = key;
        _fingerprint = SHA256.HashData(spki);
        FingerprintHex = Convert.ToHexStringLower(_fingerprint);
    }

    /// <summary>Parses a DER SubjectPublicKeyInfo holding a P-256 key.</summary>
    /// <exception cref="FormatException">It is not a canonical P-256 SubjectPublicKeyInfo.</exception>
    public static IdentityPublicKey FromSubjectPublicKeyInfo(ReadOnlySpan<byte> spki) =>
        TryFromSubjectPublicKeyInfo(spki, out var key) ? key : throw new FormatException("not a P-256 SubjectPublicKeyInfo");

    /// <summary>Parses a DER SubjectPublicKeyInfo holding a P-256 key; <see langword="false"/> if it is not one.</summary>
    public static bool TryFromSubjectPublicKeyInfo(ReadOnlySpan<byte> spki, [NotNullWhen(true)] out IdentityPublicKey? key)
    {
        key = null;
        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportSubjectPublicKeyInfo(spki, out var read);
            if (read != spki.Length || ecdsa.ExportParameters(false).Curve.Oid?.Value != P256Oid
                || !ecdsa.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(spki))
            {
                ecdsa.Dispose();
                return false;
            }
        }
        catch (CryptographicException)
        {
            ecdsa.Dispose();
            return false;
        }

        key = new IdentityPublicKey(spki.ToArray(), ecdsa);
        return true;
    }

    /// <summary>Parses the standard base64 of a SubjectPublicKeyInfo.</summary>
    public static IdentityPublicKey FromBase64(string b64) => FromSubjectPublicKeyInfo(Convert.FromBase64String(b64));

    /// <summary>The DER SubjectPublicKeyInfo.</summary>
    public ReadOnlyMemory<byte> SubjectPublicKeyInfo => _spki;

    /// <summary>SHA-256 of the SubjectPublicKeyInfo.</summary>
    public ReadOnlyMemory<byte> Fingerprint => _fingerprint;

    /// <summary>The fingerprint as 64 lower-case hex digits.</summary>
    public string FingerprintHex { get; }

    /// <summary>The SubjectPublicKeyInfo in standard base64.</summary>
    public string ToBase64() => Convert.ToBase64String(_spki);

    /// <summary>Whether <paramref name="signature"/> (P1363, 64 bytes) is this key's signature of <paramref name="data"/>.</summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != IdentityKey.SignatureSize)
        {
            return false;
        }

        lock (_lock)
        {
            return _key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
    }

    /// <inheritdoc/>
    public bool Equals(IdentityPublicKey? other) => other is not null && _spki.AsSpan().SequenceEqual(other._spki);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as IdentityPublicKey);

    /// <inheritdoc/>
    public override int GetHashCode() => BitConverter.ToInt32(_fingerprint, 0);
}
