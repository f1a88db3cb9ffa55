using System.Security.Cryptography;

namespace PyChat.TestSupport;

/// <summary>A user name and a fresh ECDSA P-256 identity key, signing in IEEE P1363 form as the protocol wants.</summary>
public sealed class TestIdentity : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public TestIdentity(string name)
    {
        Name = name;
        PublicKey = _key.ExportSubjectPublicKeyInfo();
    }

    public string Name { get; }

    /// <summary>SubjectPublicKeyInfo DER (91 bytes).</summary>
    public byte[] PublicKey { get; }

    public byte[] Sign(ReadOnlySpan<byte> data) =>
        _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    public void Dispose() => _key.Dispose();
}
