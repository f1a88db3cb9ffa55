// STANDIN: replaced wholesale by the crypto branch.
using System.Security.Cryptography;

namespace PyChat.Client.Cryptography;

/// <summary>Stand-in for the crypto branch's identity public key.</summary>
public sealed class IdentityPublicKey
{
    internal IdentityPublicKey(byte[] spki)
    {
        SubjectPublicKeyInfo = spki;
        Fingerprint = SHA256.HashData(spki);
    }

    /// <summary>DER SubjectPublicKeyInfo.</summary>
    public ReadOnlyMemory<byte> SubjectPublicKeyInfo { get; }

    /// <summary>SHA-256 of the SPKI.</summary>
    public ReadOnlyMemory<byte> Fingerprint { get; }

    /// <summary>Hex of the fingerprint.</summary>
    public string FingerprintHex => Convert.ToHexStringLower(Fingerprint.Span);

    /// <summary>Imports a key.</summary>
    public static IdentityPublicKey Import(ReadOnlySpan<byte> spki) => new(spki.ToArray());

    /// <summary>Verifies a P1363 signature.</summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(SubjectPublicKeyInfo.Span, out _);
        return key.VerifyData(data, signature, HashAlgorithmName.SHA256);
    }
}
