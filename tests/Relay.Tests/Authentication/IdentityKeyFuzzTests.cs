using System.Security.Cryptography;
using FluentAssertions;
using PyChat.Relay.Authentication;
using PyChat.TestSupport;
using PyChat.TestSupport.Fuzzing;

namespace PyChat.Relay.Tests.Authentication;

/// <summary>
/// The relay parses the identity key of every Register before anyone has logged in (docs/PROTOCOL.md §4),
/// so the DER reader must answer false, never throw, for whatever bytes arrive.
/// </summary>
public sealed class IdentityKeyFuzzTests
{
    private const int Seed = FrameMutator.FixedSeed;
    // Each case is a key import (and some a signature check) in OpenSSL, far dearer than a frame decode.
    private const int Cases = 10_000;

    [Fact]
    public void IsValidAndVerify_OfMutatedKeysAndSignatures_NeverThrow()
    {
        using var identity = new TestIdentity("alice");
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var rsa = RSA.Create(1024);
        var data = "transcript"u8.ToArray();
        var signature = identity.Sign(data);
        var mutator = new FrameMutator([identity.PublicKey, p384.ExportSubjectPublicKeyInfo(), rsa.ExportSubjectPublicKeyInfo()], Seed);
        var signatures = new FrameMutator([signature], Seed);
        var failures = new List<string>();
        for (var i = 0; i < Cases && failures.Count < 10; i++)
        {
            try
            {
                IdentityKey.IsValid(mutator.Case(i));
                if (i % 10 == 0)
                {
                    IdentityKey.Verify(identity.PublicKey, data, signatures.Case(i));
                }
            }
            catch (Exception e)
            {
                failures.Add($"{e.GetType().Name}: {mutator.Describe(i)} / {signatures.Describe(i)}");
            }
        }

        failures.Should().BeEmpty();
        IdentityKey.IsValid(identity.PublicKey).Should().BeTrue();
        IdentityKey.IsValid(p384.ExportSubjectPublicKeyInfo()).Should().BeFalse();
    }

    [Fact]
    public void IsValid_OfAKeyNamingAnUnknownCurve_IsFalse()
    {
        // Found by the fuzz above: .NET throws PlatformNotSupportedException, not
        // CryptographicException, for a named curve it does not know.
        using var identity = new TestIdentity("alice");

        IdentityKey.IsValid(UnknownCurveKey(identity.PublicKey)).Should().BeFalse();
    }

    /// <summary>A P-256 SubjectPublicKeyInfo whose curve OID 1.2.840.10045.3.1.7 is changed to 1.2.840.10045.19.1.7, a curve nobody defines.</summary>
    internal static byte[] UnknownCurveKey(byte[] p256Key)
    {
        var key = p256Key.ToArray();
        key.AsSpan(15, 8).ToArray().Should().Equal([0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07], "the curve OID sits at offset 15");
        key[20] = 0x13;
        return key;
    }
}
