using System.Text;
using FluentAssertions;
using PyChat.Client.Cryptography;
using Xunit;

namespace PyChat.Client.Tests.Cryptography;

/// <summary>The published vectors of github.com/fernet/spec (see Vectors/SOURCE.txt).</summary>
public sealed class FernetSpecVectorTests
{
    public static TheoryData<int> Generate => FernetVector.Indexes("generate.json");

    public static TheoryData<int> Verify => FernetVector.Indexes("verify.json");

    public static TheoryData<int> Invalid => FernetVector.Indexes("invalid.json");

    [Fact]
    public void VectorFiles_AreAllPresent()
    {
        FernetVector.Load("generate.json").Should().HaveCount(1);
        FernetVector.Load("verify.json").Should().HaveCount(1);
        FernetVector.Load("invalid.json").Should().HaveCount(8);
    }

    [Theory]
    [MemberData(nameof(Generate))]
    public void Encrypt_WithTheVectorsIvAndTime_ProducesTheVectorsToken(int index)
    {
        FernetVector vector = FernetVector.Load("generate.json")[index];
        using FernetKey key = FernetKey.FromBase64Url(vector.Secret);
        byte[] iv = vector.Iv!.Select(b => (byte)b).ToArray();

        string token = Fernet.Encrypt(key, Encoding.UTF8.GetBytes(vector.Source!), vector.NowTime, (ReadOnlySpan<byte>)iv);

        token.Should().Be(vector.Token);
    }

    [Theory]
    [MemberData(nameof(Verify))]
    public void TryDecrypt_OnTheVerifyVector_ReturnsItsSource(int index)
    {
        FernetVector vector = FernetVector.Load("verify.json")[index];
        using FernetKey key = FernetKey.FromBase64Url(vector.Secret);
        var validation = new FernetValidation { TimeToLive = TimeSpan.FromSeconds(vector.TtlSeconds!.Value) };

        bool ok = Fernet.TryDecrypt(key, vector.Token, validation, vector.NowTime, out byte[]? plaintext, out FernetError error);

        ok.Should().BeTrue();
        error.Should().Be(FernetError.None);
        Encoding.UTF8.GetString(plaintext!).Should().Be(vector.Source);
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void TryDecrypt_OnEachInvalidVector_ReturnsFalseWithTheMatchingError(int index)
    {
        FernetVector vector = FernetVector.Load("invalid.json")[index];
        using FernetKey key = FernetKey.FromBase64Url(vector.Secret);
        var validation = new FernetValidation { TimeToLive = TimeSpan.FromSeconds(vector.TtlSeconds!.Value) };

        bool ok = Fernet.TryDecrypt(key, vector.Token, validation, vector.NowTime, out byte[]? plaintext, out FernetError error);
        bool okAscii = Fernet.TryDecrypt(key, Encoding.ASCII.GetBytes(vector.Token), validation, vector.NowTime, out _, out FernetError asciiError);

        ok.Should().BeFalse();
        okAscii.Should().BeFalse();
        plaintext.Should().BeNull();
        asciiError.Should().Be(error);
        error.Should().Be(ExpectedError(vector.Description!));
    }

    private static FernetError ExpectedError(string description) => description switch
    {
        "incorrect mac" => FernetError.InvalidMac,
        "too short" => FernetError.Malformed,
        "invalid base64" => FernetError.Malformed,
        "payload size not multiple of block size" => FernetError.Malformed,
        "payload padding error" => FernetError.InvalidPadding,
        "far-future TS (unacceptable clock skew)" => FernetError.FromTheFuture,
        "expired TTL" => FernetError.Expired,
        "incorrect IV (causes padding error)" => FernetError.InvalidPadding,
        _ => throw new ArgumentException($"Unknown vector '{description}'."),
    };
}
