// Ephemeral ECDH P-256 key pair (SEC 1): the public half is the uncompressed point 0x04 ‖ X ‖ Y,
// 65 bytes. Used once per room session (member key) or once per rekey (hub key), then disposed.
using System.Security.Cryptography;

namespace PyChat.Client.Cryptography;

/// <summary>A short-lived ECDH P-256 key pair for delivering room keys.</summary>
public sealed class EphemeralKeyPair : IDisposable
{
    /// <summary>Size of the public key: an uncompressed SEC 1 point.</summary>
    public const int PublicKeySize = 65;

    private readonly ECDiffieHellman _key;
    private readonly byte[] _public;

    private EphemeralKeyPair(ECDiffieHellman key)
    {
        _key = key;
        var q = key.ExportParameters(false).Q;
        _public = new byte[PublicKeySize];
        _public[0] = 0x04;
        q.X!.CopyTo(_public, 1);
        q.Y!.CopyTo(_public, 33);
    }

    /// <summary>Makes a new random key pair.</summary>
    public static EphemeralKeyPair Generate() => new(ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>The public key, 0x04 ‖ X ‖ Y.</summary>
    public ReadOnlyMemory<byte> PublicKey => _public;

    /// <summary>ECDH with a peer's uncompressed point: the 32-byte X coordinate of the shared point.</summary>
    /// <exception cref="CryptographicException">The peer key is not a valid P-256 point.</exception>
    internal byte[] DeriveSharedSecret(ReadOnlySpan<byte> peerPublicKey)
    {
        if (peerPublicKey.Length != PublicKeySize || peerPublicKey[0] != 0x04)
        {
            throw new CryptographicException("not an uncompressed P-256 point");
        }

        var parameters = new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = peerPublicKey[1..33].ToArray(), Y = peerPublicKey[33..].ToArray() },
        };
        using var peer = ECDiffieHellman.Create(parameters);
        return _key.DeriveRawSecretAgreement(peer.PublicKey);
    }

    /// <summary>Releases the private key.</summary>
    public void Dispose() => _key.Dispose();
}
