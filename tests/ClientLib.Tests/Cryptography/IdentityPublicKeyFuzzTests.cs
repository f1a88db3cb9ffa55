using System.Security.Cryptography;
using FluentAssertions;
using PyChat.Client.Cryptography;
using PyChat.TestSupport.Fuzzing;

namespace PyChat.ClientLib.Tests.Cryptography;

/// <summary>
/// A client reads every member's identity key from the relay's RoomJoined and MemberJoined frames, so a
/// hostile relay chooses those bytes: <see cref="IdentityPublicKey.TryFromSubjectPublicKeyInfo"/> must
/// answer false, never throw.
/// </summary>
public sealed class IdentityPublicKeyFuzzTests
{
    private const int Seed = FrameMutator.FixedSeed;
    // Each case is a key import in OpenSSL, far dearer than a frame decode.
    private const int Cases = 10_000;

    [Fact]
    public void TryFromSubjectPublicKeyInfo_OfMutatedKeys_NeverThrows()
    {
        using var p256 = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var rsa = RSA.Create(1024);
        var mutator = new FrameMutator([p256.ExportSubjectPublicKeyInfo(), p384.ExportSubjectPublicKeyInfo(), rsa.ExportSubjectPublicKeyInfo()], Seed);
        var failures = new List<string>();
        for (var i = 0; i < Cases && failures.Count < 10; i++)
        {
            try
            {
                IdentityPublicKey.TryFromSubjectPublicKeyInfo(mutator.Case(i), out _);
            }
            catch (Exception e)
            {
                failures.Add($"{e.GetType().Name}: {mutator.Describe(i)}");
            }
        }

        failures.Should().BeEmpty();
    }

    [Fact]
    public void TryFromSubjectPublicKeyInfo_OfAKeyNamingAnUnknownCurve_IsFalse()
    {
        // Found by the fuzz above: .NET throws PlatformNotSupportedException, not CryptographicException,
        // for a named curve it does not know (here 1.2.840.10045.19.1.7 instead of P-256's ...3.1.7).
        using var p256 = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var key = p256.ExportSubjectPublicKeyInfo();
        key[20] = 0x13;

        IdentityPublicKey.TryFromSubjectPublicKeyInfo(key, out _).Should().BeFalse();
    }
}
