// Identity key: ECDSA over NIST P-256 (FIPS 186-5, SEC 2 secp256r1) with SHA-256.
// Private key 32 bytes; public key an uncompressed point in a DER SubjectPublicKeyInfo (RFC 5480);
// wire signature IEEE P1363: r || s, each a 32-byte big-endian integer, 64 bytes in all.
using System.Security.Cryptography;

namespace PyChat.Client.Cryptography;

/// <summary>
/// A long-term ECDSA P-256 / SHA-256 signing key. Signatures use the IEEE P1363 fixed-size encoding:
/// <c>r || s</c>, each a 32-byte big-endian integer (64 bytes), not ASN.1 DER.
/// </summary>
/// <remarks>
/// The private key never leaves the object except through <see cref="IdentityKeyFile"/>, which
/// writes it password-encrypted. Signing from several threads at once is safe.
/// </remarks>
public sealed class IdentityKey : IDisposable
{
    /// <summary>The size of a signature in bytes: r (32) || s (32).</summary>
    public const int SignatureSize = 64;

    private readonly ECDsa _ecdsa;

    private IdentityKey(ECDsa ecdsa)
    {
        _ecdsa = ecdsa;
        PublicKey = IdentityPublicKey.FromVerifiedSubjectPublicKeyInfo(ecdsa.ExportSubjectPublicKeyInfo());
    }

    /// <summary>The public half, to publish and to compare fingerprints.</summary>
    public IdentityPublicKey PublicKey { get; }

    /// <summary>Creates a new random P-256 key.</summary>
    /// <returns>A new key; the caller disposes it.</returns>
    public static IdentityKey Generate() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>Signs SHA-256(<paramref name="data"/>).</summary>
    /// <param name="data">The message.</param>
    /// <returns>A 64-byte IEEE P1363 signature (r || s).</returns>
    /// <exception cref="ObjectDisposedException">The key was disposed.</exception>
    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        byte[] signature = new byte[SignatureSize];
        Sign(data, signature);
        return signature;
    }

    /// <summary>Signs SHA-256(<paramref name="data"/>) into <paramref name="signature"/>.</summary>
    /// <param name="data">The message.</param>
    /// <param name="signature">Exactly 64 bytes; receives r || s.</param>
    /// <exception cref="ArgumentException"><paramref name="signature"/> is not exactly 64 bytes.</exception>
    /// <exception cref="ObjectDisposedException">The key was disposed.</exception>
    public void Sign(ReadOnlySpan<byte> data, Span<byte> signature)
    {
        if (signature.Length != SignatureSize)
        {
            throw new ArgumentException($"A signature is exactly {SignatureSize} bytes.", nameof(signature));
        }

        int written = _ecdsa.SignData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        if (written != SignatureSize)
        {
            throw new CryptographicException("The signature has an unexpected size.");
        }
    }

    /// <summary>Returns <c>IdentityKey(</c>fingerprint<c>)</c>: only public information.</summary>
    /// <returns>The public fingerprint in a label.</returns>
    public override string ToString() => $"IdentityKey({PublicKey.FingerprintHex})";

    /// <summary>Releases the key; OpenSSL clears the private scalar when it frees it.</summary>
    public void Dispose() => _ecdsa.Dispose();

    /// <summary>Takes ownership of <paramref name="ecdsa"/>, which must hold a P-256 private key.</summary>
    internal static IdentityKey FromECDsa(ECDsa ecdsa)
    {
        if (!IdentityPublicKey.IsP256(ecdsa))
        {
            throw new ArgumentException("An identity key is a P-256 key.", nameof(ecdsa));
        }

        return new IdentityKey(ecdsa);
    }

    /// <summary>The private key as a password-encrypted PKCS#8 PEM (PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC).</summary>
    internal string ExportEncryptedPkcs8Pem(string password, int iterations) =>
        _ecdsa.ExportEncryptedPkcs8PrivateKeyPem(
            password,
            new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, iterations));
}
