using System.Security.Cryptography;
using System.Text;
using CsCheck;
using FluentAssertions;
using PyChat.Client.Cryptography;
using Xunit;

namespace PyChat.Client.Tests.Cryptography;

public sealed class SafetyNumberTests
{
    [Fact]
    public void Compute_InEitherOrder_GivesTheSameNumber()
    {
        Gen.Int.Sample(_ =>
        {
            using IdentityKey a = IdentityKey.Generate();
            using IdentityKey b = IdentityKey.Generate();

            SafetyNumber.Compute(a.PublicKey, b.PublicKey).Should().Be(SafetyNumber.Compute(b.PublicKey, a.PublicKey));
        }, iter: 20);
    }

    [Fact]
    public void Compute_GivesSixtyDigitsInTwelveGroupsOfFive()
    {
        using IdentityKey a = IdentityKey.Generate();
        using IdentityKey b = IdentityKey.Generate();

        SafetyNumber.Compute(a.PublicKey, b.PublicKey).Should().MatchRegex("^[0-9]{5}( [0-9]{5}){11}$");
    }

    [Fact]
    public void Compute_WhenOneKeyDiffers_GivesAnotherNumber()
    {
        using IdentityKey a = IdentityKey.Generate();
        using IdentityKey b = IdentityKey.Generate();
        using IdentityKey mallory = IdentityKey.Generate();

        SafetyNumber.Compute(a.PublicKey, b.PublicKey).Should().NotBe(SafetyNumber.Compute(a.PublicKey, mallory.PublicKey));
    }

    [Fact]
    public void Compute_FollowsTheDocumentedDerivation()
    {
        using IdentityKey a = IdentityKey.Generate();
        using IdentityKey b = IdentityKey.Generate();
        byte[][] sorted = new[] { a.PublicKey.Fingerprint.ToArray(), b.PublicKey.Fingerprint.ToArray() }
            .OrderBy(f => Convert.ToHexString(f), StringComparer.Ordinal).ToArray();
        byte[] digest = SHA512.HashData([.. "pychat.v1/safety-number\0"u8, .. sorted[0], .. sorted[1]]);
        var expected = new StringBuilder();
        for (int i = 0; i < 12; i++)
        {
            ulong value = 0;
            for (int j = 0; j < 5; j++)
            {
                value = (value << 8) | digest[(i * 5) + j];
            }

            expected.Append(i == 0 ? "" : " ").Append((value % 100_000).ToString("D5", System.Globalization.CultureInfo.InvariantCulture));
        }

        SafetyNumber.Compute(a.PublicKey, b.PublicKey).Should().Be(expected.ToString());
    }
}
