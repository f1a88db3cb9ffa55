using System.Security.Cryptography;
using FluentAssertions;
using PyChat.Client.Cryptography;
using Xunit;

namespace PyChat.Client.Tests.Cryptography;

public sealed class IdentityPublicKeyTests
{
    [Fact]
    public void FromSubjectPublicKeyInfo_OfAnExportedKey_IsEqualAndHasTheSameFingerprint()
    {
        using IdentityKey key = IdentityKey.Generate();

        IdentityPublicKey copy = IdentityPublicKey.FromSubjectPublicKeyInfo(key.PublicKey.SubjectPublicKeyInfo.Span);

        copy.Should().Be(key.PublicKey);
        copy.GetHashCode().Should().Be(key.PublicKey.GetHashCode());
        copy.Fingerprint.ToArray().Should().Equal(SHA256.HashData(key.PublicKey.SubjectPublicKeyInfo.Span));
    }

    [Fact]
    public void FromBase64_OfToBase64_RoundTrips()
    {
        using IdentityKey key = IdentityKey.Generate();

        IdentityPublicKey.FromBase64(key.PublicKey.ToBase64()).Should().Be(key.PublicKey);
    }

    [Fact]
    public void SubjectPublicKeyInfo_IsTheNinetyOneByteDerOfAnUncompressedP256Point()
    {
        using IdentityKey key = IdentityKey.Generate();
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(key.PublicKey.SubjectPublicKeyInfo.Span, out _);

        key.PublicKey.SubjectPublicKeyInfo.Length.Should().Be(91);
        ecdsa.ExportParameters(false).Curve.Oid.Value.Should().Be("1.2.840.10045.3.1.7");
    }

    [Fact]
    public void FingerprintHex_IsLowerCaseHexInSixteenGroupsOfFour()
    {
        using IdentityKey key = IdentityKey.Generate();

        key.PublicKey.FingerprintHex.Should().MatchRegex("^[0-9a-f]{4}( [0-9a-f]{4}){15}$");
        key.PublicKey.FingerprintHex.Replace(" ", "", StringComparison.Ordinal).Should().Be(Convert.ToHexStringLower(key.PublicKey.Fingerprint.Span));
    }

    [Fact]
    public void Equals_OfDifferentKeys_IsFalse()
    {
        using IdentityKey a = IdentityKey.Generate();
        using IdentityKey b = IdentityKey.Generate();

        a.PublicKey.Equals(b.PublicKey).Should().BeFalse();
        a.PublicKey.Equals(null).Should().BeFalse();
    }

    [Fact]
    public void FromSubjectPublicKeyInfo_OfAP384Key_ThrowsFormatException()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        Refuses(p384.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public void FromSubjectPublicKeyInfo_OfAnRsaKey_ThrowsFormatException()
    {
        using var rsa = RSA.Create(2048);

        Refuses(rsa.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public void FromSubjectPublicKeyInfo_WithTrailingBytes_ThrowsFormatException()
    {
        using IdentityKey key = IdentityKey.Generate();

        Refuses([.. key.PublicKey.SubjectPublicKeyInfo.ToArray(), 0]);
    }

    [Fact]
    public void FromSubjectPublicKeyInfo_WhenTruncatedOrGarbage_ThrowsFormatException()
    {
        using IdentityKey key = IdentityKey.Generate();

        Refuses(key.PublicKey.SubjectPublicKeyInfo[..50].ToArray());
        Refuses([]);
        Refuses([0x30, 0x03, 0x02, 0x01, 0x00]);
    }

    [Fact]
    public void FromSubjectPublicKeyInfo_WhenThePointIsNotOnTheCurve_ThrowsFormatException()
    {
        using IdentityKey key = IdentityKey.Generate();
        byte[] spki = key.PublicKey.SubjectPublicKeyInfo.ToArray();
        spki[^1] ^= 0x01;

        Refuses(spki);
    }

    [Fact]
    public void FromBase64_OfNonBase64_ThrowsFormatException()
    {
        FluentActions.Invoking(() => IdentityPublicKey.FromBase64("not base64!")).Should().Throw<FormatException>();
    }

    private static void Refuses(byte[] spki)
    {
        FluentActions.Invoking(() => IdentityPublicKey.FromSubjectPublicKeyInfo(spki)).Should().Throw<FormatException>();
        IdentityPublicKey.TryFromSubjectPublicKeyInfo(spki, out IdentityPublicKey? key).Should().BeFalse();
        key.Should().BeNull();
    }
}
