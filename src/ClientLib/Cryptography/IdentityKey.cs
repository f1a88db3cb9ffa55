// STANDIN: replaced wholesale by the crypto branch.
using System.Security.Cryptography;

namespace PyChat.Client.Cryptography;

/// <summary>Stand-in for the crypto branch's identity key (ECDSA P-256).</summary>
public sealed class IdentityKey : IDisposable
{
    private readonly ECDsa _key;

    private IdentityKey(ECDsa key)
    {
        _key = key;
        PublicKey = new IdentityPublicKey(key.ExportSubjectPublicKeyInfo());
    }

    /// <summary>The public half.</summary>
    public IdentityPublicKey PublicKey { get; }

    /// <summary>Makes a new key.</summary>
    public static IdentityKey Generate() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>Signs with SHA-256, IEEE P1363 (64 bytes).</summary>
    public byte[] Sign(ReadOnlySpan<byte> data) => _key.SignData(data, HashAlgorithmName.SHA256);

    /// <inheritdoc/>
    public void Dispose() => _key.Dispose();
}
