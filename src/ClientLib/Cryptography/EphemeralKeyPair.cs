// Ephemeral ECDH key pair on NIST P-256 (SP 800-56A, SEC 1): private scalar 32 bytes, public key
// an uncompressed SEC 1 point 0x04 || X (32) || Y (32) = 65 bytes; shared secret = X of d·Q (32 bytes).
using System.Security.Cryptography;

namespace PyChat.Client.Cryptography;

/// <summary>
/// A single-use ECDH P-256 key pair for <see cref="RoomKeyWrap"/>. Make one per exchange and
/// dispose it right after; the private key is never exported.
/// </summary>
public sealed class EphemeralKeyPair : IDisposable
{
    /// <summary>Size of <see cref="PublicKey"/>: an uncompressed SEC 1 point 0x04 || X || Y.</summary>
    public const int PublicKeySize = 65;

    private const int CoordinateSize = 32;

    private readonly ECDiffieHellman _ecdh;
    private readonly byte[] _publicKey;

    private EphemeralKeyPair(ECDiffieHellman ecdh)
    {
        _ecdh = ecdh;
        ECParameters parameters = ecdh.ExportParameters(includePrivateParameters: false);
        _publicKey = new byte[PublicKeySize];
        _publicKey[0] = 0x04;
        parameters.Q.X.CopyTo(_publicKey.AsSpan(1));
        parameters.Q.Y.CopyTo(_publicKey.AsSpan(1 + CoordinateSize));
    }

    /// <summary>The public key: 65 bytes, 0x04 || X || Y, big-endian coordinates.</summary>
    public ReadOnlyMemory<byte> PublicKey => _publicKey;

    /// <summary>Creates a new random key pair.</summary>
    /// <returns>A new key pair; the caller disposes it.</returns>
    public static EphemeralKeyPair Generate() => new(ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>
    /// A key pair from a fixed private scalar (32 bytes, big-endian): only for the published test vectors
    /// (docs/PROTOCOL.md §9.2). A real member or hub key is always <see cref="Generate"/>d.
    /// </summary>
    /// <exception cref="CryptographicException">The scalar is not a valid P-256 private key.</exception>
    internal static EphemeralKeyPair FromPrivateKey(ReadOnlySpan<byte> privateScalar) =>
        new(ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = privateScalar.ToArray() }));

    /// <summary>Releases the private key.</summary>
    public void Dispose() => _ecdh.Dispose();

    /// <summary>
    /// ECDH with <paramref name="peerPublicKey"/> into <paramref name="sharedSecret"/> (the 32-byte X
    /// coordinate). Returns false when the peer key is not a valid uncompressed P-256 point.
    /// </summary>
    internal bool TryDeriveSharedSecret(ReadOnlySpan<byte> peerPublicKey, Span<byte> sharedSecret)
    {
        if (sharedSecret.Length != CoordinateSize)
        {
            return false;
        }

        using var peer = TryImportPublicKey(peerPublicKey);
        if (peer is null)
        {
            return false;
        }

        byte[]? secret = null;
        try
        {
            using ECDiffieHellmanPublicKey peerKey = peer.PublicKey;
            secret = _ecdh.DeriveRawSecretAgreement(peerKey);
            secret.CopyTo(sharedSecret);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
        finally
        {
            if (secret is not null)
            {
                CryptographicOperations.ZeroMemory(secret);
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="publicKey"/> is an uncompressed SEC 1 point (0x04 || X || Y) on P-256. An
    /// off-curve point is refused here, before anyone derives a secret with it (invalid-curve attacks).
    /// </summary>
    internal static bool IsValidPublicKey(ReadOnlySpan<byte> publicKey)
    {
        using var key = TryImportPublicKey(publicKey);
        return key is not null;
    }

    private static ECDiffieHellman? TryImportPublicKey(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != PublicKeySize || publicKey[0] != 0x04)
        {
            return null;
        }

        var parameters = new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint
            {
                X = publicKey.Slice(1, CoordinateSize).ToArray(),
                Y = publicKey.Slice(1 + CoordinateSize, CoordinateSize).ToArray(),
            },
        };

        try
        {
            // ImportParameters checks that the point is on the curve.
            return ECDiffieHellman.Create(parameters);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
