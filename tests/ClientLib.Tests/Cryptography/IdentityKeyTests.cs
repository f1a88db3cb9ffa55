using System.Security.Cryptography;
using CsCheck;
using FluentAssertions;
using PyChat.Client.Cryptography;
using Xunit;

namespace PyChat.Client.Tests.Cryptography;

public sealed class IdentityKeyTests : IDisposable
{
    private readonly IdentityKey _key = IdentityKey.Generate();

    public void Dispose() => _key.Dispose();

    [Fact]
    public void Verify_OfAnySignedMessage_ReturnsTrue()
    {
        Gen.Byte.Array[0, 500].Sample(data =>
        {
            byte[] signature = _key.Sign(data);

            signature.Should().HaveCount(IdentityKey.SignatureSize);
            _key.PublicKey.Verify(data, signature).Should().BeTrue();
        }, iter: 50);
    }

    [Fact]
    public void Verify_WhenAnyBitOfTheSignatureIsFlipped_ReturnsFalse()
    {
        byte[] data = "a chat message"u8.ToArray();
        byte[] signature = _key.Sign(data);
        Gen.Int[0, (IdentityKey.SignatureSize * 8) - 1].Sample(bit =>
        {
            byte[] tampered = (byte[])signature.Clone();
            tampered[bit / 8] ^= (byte)(1 << (bit % 8));

            _key.PublicKey.Verify(data, tampered).Should().BeFalse();
        }, iter: 100);
    }

    [Fact]
    public void Verify_WhenAnyBitOfTheMessageIsFlipped_ReturnsFalse()
    {
        byte[] data = "a chat message"u8.ToArray();
        byte[] signature = _key.Sign(data);
        Gen.Int[0, (data.Length * 8) - 1].Sample(bit =>
        {
            byte[] tampered = (byte[])data.Clone();
            tampered[bit / 8] ^= (byte)(1 << (bit % 8));

            _key.PublicKey.Verify(tampered, signature).Should().BeFalse();
        }, iter: 50);
    }

    [Fact]
    public void Verify_OfGarbageOfAnyLength_ReturnsFalseWithoutThrowing()
    {
        Gen.Byte.Array[0, 200].Sample(garbage => _key.PublicKey.Verify("m"u8, garbage).Should().BeFalse(), iter: 200);
    }

    [Fact]
    public void Verify_OfAllZeroAndAllOnesSignatures_ReturnsFalse()
    {
        _key.PublicKey.Verify("m"u8, new byte[64]).Should().BeFalse();
        _key.PublicKey.Verify("m"u8, Enumerable.Repeat((byte)0xFF, 64).ToArray()).Should().BeFalse();
    }

    [Fact]
    public void Verify_WithAnotherKey_ReturnsFalse()
    {
        using IdentityKey other = IdentityKey.Generate();

        other.PublicKey.Verify("m"u8, _key.Sign("m"u8)).Should().BeFalse();
    }

    [Fact]
    public void Sign_ProducesIeeeP1363RAndS_ThatDotNetVerifiesInThatFormat()
    {
        byte[] signature = _key.Sign("m"u8);
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(_key.PublicKey.SubjectPublicKeyInfo.Span, out _);

        ecdsa.VerifyData("m"u8, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation).Should().BeTrue();
    }

    [Theory]
    [InlineData(63)]
    [InlineData(65)]
    [InlineData(72)]
    public void Sign_IntoASpanThatIsNotSixtyFourBytes_ThrowsArgumentException(int length)
    {
        FluentActions.Invoking(() => _key.Sign("m"u8, new byte[length])).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void ToString_ShowsOnlyThePublicFingerprint()
    {
        _key.ToString().Should().Be($"IdentityKey({_key.PublicKey.FingerprintHex})");
    }

    [Fact]
    public async Task Sign_FromManyThreadsAtOnce_GivesValidSignatures()
    {
        Task[] tasks = Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (int i = 0; i < 50; i++)
            {
                byte[] data = BitConverter.GetBytes((t * 1000) + i);
                _key.PublicKey.Verify(data, _key.Sign(data)).Should().BeTrue();
            }
        })).ToArray();

        await Task.WhenAll(tasks);
    }
}
