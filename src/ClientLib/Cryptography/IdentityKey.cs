// Identity key: ECDSA P-256 with SHA-256 (FIPS 186-4). Signatures in IEEE P1363 form r ‖ s, 64 bytes.
using System.Security.Cryptography;

namespace PyChat.Client.Cryptography;

/// <summary>A user's long-term ECDSA P-256 signing key.</summary>
public sealed class IdentityKey : IDisposable
{
    /// <summary>Size of a signature: r ‖ s, 32 bytes each.</summary>
    public const int SignatureSize = 64;

    private readonly ECDsa _key;

    private IdentityKey(ECDsa key)
    {
        _key = key;
        PublicKey = IdentityPublicKey.FromSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo());
    }

    /// <summary>Makes a new random identity key.</summary>
    public static IdentityKey Generate() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>The public half, to register with the relay and show to peers.</summary>
    public IdentityPublicKey PublicKey { get; }

    /// <summary>Signs <paramref name="data"/> (SHA-256, P1363 form).</summary>
    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        var signature = new byte[SignatureSize];
        Sign(data, signature);
        return signature;
    }

    /// <summary>Signs <paramref name="data"/> into <paramref name="signature"/> (64 bytes).</summary>
    public void Sign(ReadOnlySpan<byte> data, Span<byte> signature)
    {
        if (signature.Length < SignatureSize)
        {
            throw new ArgumentException($"signature needs {SignatureSize} bytes", nameof(signature));
        }

        if (!_key.TrySignData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation, out var written)
            || written != SignatureSize)
        {
            throw new CryptographicException("signing failed");
        }
    }

    /// <summary>Releases the private key.</summary>
    public void Dispose() => _key.Dispose();
}
