using System.Security.Cryptography;

namespace PyChat.Relay.Authentication;

/// <summary>
/// Identity keys as docs/PROTOCOL.md §2 defines them: ECDSA P-256 public keys as DER
/// SubjectPublicKeyInfo, signatures in IEEE P1363 form (r ‖ s, 64 bytes) over SHA-256.
/// </summary>
internal static class IdentityKey
{
    private const string P256Oid = "1.2.840.10045.3.1.7";

    /// <summary>Whether <paramref name="spki"/> is exactly one P-256 SubjectPublicKeyInfo, nothing before or after.</summary>
    public static bool IsValid(ReadOnlySpan<byte> spki)
    {
        using var key = TryImport(spki);
        return key is not null;
    }

    /// <summary>Whether <paramref name="signature"/> is a valid signature by <paramref name="spki"/> over <paramref name="data"/>; false for a bad key too.</summary>
    public static bool Verify(ReadOnlySpan<byte> spki, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        using var key = TryImport(spki);
        return key is not null
            && key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    private static ECDsa? TryImport(ReadOnlySpan<byte> spki)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(spki, out var read);
            if (read == spki.Length && key.ExportParameters(false).Curve.Oid?.Value == P256Oid)
            {
                return key;
            }
        }
        catch (Exception e) when (e is CryptographicException or PlatformNotSupportedException)
        {
            // A named curve the platform does not know (an OID no EC key uses) throws
            // PlatformNotSupportedException, not CryptographicException: it is just not a P-256 key.
        }

        key.Dispose();
        return null;
    }
}
