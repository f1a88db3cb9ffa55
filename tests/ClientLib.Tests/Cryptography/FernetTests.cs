using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using CsCheck;
using FluentAssertions;
using PyChat.Client.Cryptography;
using PyChat.Client.Cryptography.Internal;
using Xunit;

namespace PyChat.Client.Tests.Cryptography;

public sealed class FernetTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2025, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private readonly FernetKey _key = FernetKey.Generate();

    public void Dispose() => _key.Dispose();

    [Fact]
    public void TryDecrypt_OfAnyEncryptedPlaintext_ReturnsThePlaintext()
    {
        Gen.Byte.Array[0, 600].Sample(plaintext =>
        {
            string token = Fernet.Encrypt(_key, plaintext, Now);

            Fernet.TryDecrypt(_key, token, FernetValidation.Default, Now, out byte[]? decrypted, out FernetError error).Should().BeTrue();
            error.Should().Be(FernetError.None);
            decrypted.Should().Equal(plaintext);
        });
    }

    [Fact]
    public void Encrypt_IntoASpan_WritesExactlyTokenLengthBytesThatDecrypt()
    {
        Gen.Byte.Array[0, 300].Sample(plaintext =>
        {
            byte[] destination = new byte[Fernet.GetTokenLength(plaintext.Length) + 7];

            int written = Fernet.Encrypt(_key, plaintext, Now, destination.AsSpan());

            written.Should().Be(Fernet.GetTokenLength(plaintext.Length));
            destination.AsSpan(written).ToArray().Should().OnlyContain(b => b == 0);
            Fernet.TryDecrypt(_key, destination.AsSpan(0, written), FernetValidation.Default, Now, out byte[]? decrypted, out _).Should().BeTrue();
            decrypted.Should().Equal(plaintext);
        });
    }

    [Fact]
    public void GetTokenLength_MatchesTheLengthOfRealTokens()
    {
        Gen.Int[0, 2000].Sample(length =>
            Fernet.Encrypt(_key, new byte[length], Now).Length.Should().Be(Fernet.GetTokenLength(length)));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    public void GetTokenLength_WhenLengthIsImpossible_Throws(int length)
    {
        FluentActions.Invoking(() => Fernet.GetTokenLength(length)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Encrypt_WhenDestinationIsTooSmall_ThrowsArgumentException()
    {
        byte[] destination = new byte[Fernet.GetTokenLength(10) - 1];

        FluentActions.Invoking(() => Fernet.Encrypt(_key, new byte[10], Now, destination.AsSpan())).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Encrypt_WritesVersionTimestampAndPaddedBase64Url()
    {
        string token = Fernet.Encrypt(_key, "hi"u8, Now);
        byte[] raw = Base64Url.DecodeFromChars(token.TrimEnd('='));

        raw[0].Should().Be(0x80);
        BinaryPrimitives.ReadUInt64BigEndian(raw.AsSpan(1)).Should().Be((ulong)Now.ToUnixTimeSeconds());
        (token.Length % 4).Should().Be(0);
        token.Should().MatchRegex("^[A-Za-z0-9_-]+=*$");
    }

    [Fact]
    public void Encrypt_TwiceWithTheSameInput_UsesFreshIvs()
    {
        Fernet.Encrypt(_key, "same"u8, Now).Should().NotBe(Fernet.Encrypt(_key, "same"u8, Now));
    }

    [Fact]
    public void TryDecrypt_WhenAnyBitOfTheDecodedTokenIsFlipped_ReturnsFalse()
    {
        Gen.Select(Gen.Byte.Array[0, 100], Gen.Int.Positive).Sample((plaintext, position) =>
        {
            byte[] raw = Base64Url.DecodeFromChars(Fernet.Encrypt(_key, plaintext, Now).TrimEnd('='));
            int bit = position % (raw.Length * 8);
            raw[bit / 8] ^= (byte)(1 << (bit % 8));

            bool ok = Fernet.TryDecrypt(_key, Base64Url.EncodeToString(raw), FernetValidation.Default, Now, out byte[]? decrypted, out FernetError error);

            ok.Should().BeFalse();
            decrypted.Should().BeNull();
            error.Should().BeOneOf(bit / 8 == 0 ? FernetError.UnsupportedVersion : FernetError.InvalidMac);
        });
    }

    [Fact]
    public void TryDecrypt_WhenAnyBitOfTheTokenTextIsFlipped_ReturnsFalse()
    {
        Gen.Select(Gen.Byte.Array[0, 100], Gen.Int.Positive).Sample((plaintext, position) =>
        {
            byte[] ascii = Encoding.ASCII.GetBytes(Fernet.Encrypt(_key, plaintext, Now));
            int bit = position % (ascii.Length * 8);
            ascii[bit / 8] ^= (byte)(1 << (bit % 8));

            Fernet.TryDecrypt(_key, ascii, FernetValidation.Default, Now, out byte[]? decrypted, out FernetError error).Should().BeFalse();
            decrypted.Should().BeNull();
            error.Should().NotBe(FernetError.None);
        });
    }

    [Fact]
    public void TryDecrypt_WhenMacIsFlipped_ReturnsFalseWithInvalidMac()
    {
        byte[] raw = Base64Url.DecodeFromChars(Fernet.Encrypt(_key, "hello"u8, Now).TrimEnd('='));
        raw[^1] ^= 0x01;

        Fernet.TryDecrypt(_key, Base64Url.EncodeToString(raw), FernetValidation.Default, Now, out _, out FernetError error).Should().BeFalse();
        error.Should().Be(FernetError.InvalidMac);
    }

    [Fact]
    public void TryDecrypt_WithAnotherKey_ReturnsFalseWithInvalidMac()
    {
        using FernetKey other = FernetKey.Generate();
        string token = Fernet.Encrypt(_key, "hello"u8, Now);

        Fernet.TryDecrypt(other, token, FernetValidation.Default, Now, out _, out FernetError error).Should().BeFalse();
        error.Should().Be(FernetError.InvalidMac);
    }

    [Fact]
    public void TryDecrypt_WhenVersionIsNot0x80_ReturnsFalseWithUnsupportedVersion()
    {
        byte[] raw = Base64Url.DecodeFromChars(Fernet.Encrypt(_key, "hello"u8, Now).TrimEnd('='));
        raw[0] = 0x81;

        Fernet.TryDecrypt(_key, Base64Url.EncodeToString(raw), FernetValidation.Default, Now, out _, out FernetError error).Should().BeFalse();
        error.Should().Be(FernetError.UnsupportedVersion);
    }

    [Fact]
    public void TryDecrypt_WhenPaddingIsOmitted_StillAcceptsTheToken()
    {
        string token = Fernet.Encrypt(_key, "hello"u8, Now);
        token.Should().EndWith("=");

        Fernet.TryDecrypt(_key, token.TrimEnd('='), FernetValidation.Default, Now, out byte[]? plaintext, out _).Should().BeTrue();
        plaintext.Should().Equal("hello"u8.ToArray());
    }

    [Theory]
    [InlineData("")]
    [InlineData("====")]
    [InlineData("gAAAAA")]
    [InlineData("gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA===")]
    [InlineData("gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA======")]
    [InlineData("gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA=")]
    [InlineData("gAAAAABpVbkAoKGio6SlpqeoqaqrrK2ur3wwhUJUzmlTOHRDoq_P2u7MOBrSEduhB4x244n0GVSpdzowk1ORH1MVYl5NTvpPhipeD6naN5l4K2UYVVCh0HefY0LZjxXZFi4nG0KwTRdT====")]
    [InlineData("gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA==\n")]
    [InlineData("gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPg\nJobwOz7JcbmrR64jVmpU4IwqDA==")]
    [InlineData("gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDB==")]
    [InlineData("gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ/eEwCGM4BLLF+5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA==")]
    [InlineData(" gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA==")]
    [InlineData("gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA=é")]
    public void TryDecrypt_WhenTextIsNotStrictBase64Url_ReturnsFalseWithMalformed(string token)
    {
        Fernet.TryDecrypt(_key, token, FernetValidation.Default, Now, out byte[]? plaintext, out FernetError error).Should().BeFalse();
        plaintext.Should().BeNull();
        error.Should().Be(FernetError.Malformed);
    }

    [Fact]
    public void TryDecrypt_WhenOlderThanTimeToLive_ReturnsFalseWithExpired()
    {
        string token = Fernet.Encrypt(_key, "hello"u8, Now);
        var validation = new FernetValidation { TimeToLive = TimeSpan.FromSeconds(60) };

        Fernet.TryDecrypt(_key, token, validation, Now.AddSeconds(60), out _, out _).Should().BeTrue();
        Fernet.TryDecrypt(_key, token, validation, Now.AddSeconds(61), out _, out FernetError error).Should().BeFalse();
        error.Should().Be(FernetError.Expired);
    }

    [Fact]
    public void TryDecrypt_WithoutTimeToLive_AcceptsOldTokens()
    {
        string token = Fernet.Encrypt(_key, "hello"u8, Now);

        Fernet.TryDecrypt(_key, token, FernetValidation.Default, Now.AddYears(10), out _, out FernetError error).Should().BeTrue();
        error.Should().Be(FernetError.None);
    }

    [Fact]
    public void TryDecrypt_WhenTimestampIsBeyondClockSkew_ReturnsFalseWithFromTheFuture()
    {
        string token = Fernet.Encrypt(_key, "hello"u8, Now);

        Fernet.TryDecrypt(_key, token, FernetValidation.Default, Now.AddSeconds(-60), out _, out _).Should().BeTrue();
        Fernet.TryDecrypt(_key, token, FernetValidation.Default, Now.AddSeconds(-61), out _, out FernetError error).Should().BeFalse();
        error.Should().Be(FernetError.FromTheFuture);
    }

    [Fact]
    public void TryDecrypt_WithZeroClockSkew_RejectsATokenOneSecondAhead()
    {
        string token = Fernet.Encrypt(_key, "hello"u8, Now);
        var validation = new FernetValidation { MaxClockSkew = TimeSpan.Zero };

        Fernet.TryDecrypt(_key, token, validation, Now.AddSeconds(-1), out _, out FernetError error).Should().BeFalse();
        error.Should().Be(FernetError.FromTheFuture);
    }

    [Fact]
    public void FernetValidation_Default_HasNoTimeToLiveAndSixtySecondsOfSkew()
    {
        FernetValidation.Default.TimeToLive.Should().BeNull();
        FernetValidation.Default.MaxClockSkew.Should().Be(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public void FernetValidation_WhenGivenNegativeTimes_Throws()
    {
        FluentActions.Invoking(() => new FernetValidation { TimeToLive = TimeSpan.FromSeconds(-1) }).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => new FernetValidation { MaxClockSkew = TimeSpan.FromSeconds(-1) }).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Encrypt_BeforeTheUnixEpoch_Throws()
    {
        FluentActions.Invoking(() => Fernet.Encrypt(_key, "x"u8, DateTimeOffset.UnixEpoch.AddSeconds(-1))).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void EncryptAndDecrypt_OfLargeMessages_RoundTrip()
    {
        byte[] plaintext = new byte[(64 * 1024) + 5];
        Random.Shared.NextBytes(plaintext);

        string token = Fernet.Encrypt(_key, plaintext, Now);

        Fernet.TryDecrypt(_key, token, FernetValidation.Default, Now, out byte[]? decrypted, out _).Should().BeTrue();
        decrypted.Should().Equal(plaintext);
    }

    [Fact]
    public async Task EncryptAndDecrypt_FromManyThreadsWithOneKey_AllRoundTrip()
    {
        Task[] tasks = Enumerable.Range(0, 16).Select(t => Task.Run(() =>
        {
            for (int i = 0; i < 200; i++)
            {
                byte[] plaintext = Encoding.UTF8.GetBytes($"thread {t} message {i} {new string('x', i)}");
                string token = Fernet.Encrypt(_key, plaintext, Now);
                Fernet.TryDecrypt(_key, token, FernetValidation.Default, Now, out byte[]? decrypted, out _).Should().BeTrue();
                decrypted.Should().Equal(plaintext);
            }
        })).ToArray();

        await Task.WhenAll(tasks);
    }

    // One key's pooled cipher carries CBC chaining state from token to token (and the decryptor is
    // ECB plus XOR): check a long sequence of mixed sizes against System.Security.Cryptography's
    // one-shot AES-CBC and HMAC, in both directions.
    [Fact]
    public void Encrypt_ManyTokensWithOneKey_EachMatchesAnIndependentAesCbcAndHmac()
    {
        byte[] keyBytes = new byte[FernetKey.Size];
        _key.Export(keyBytes);
        using Aes aes = Aes.Create();
        aes.Key = keyBytes[16..];
        int[] sizes = [0, 1, 15, 16, 17, 31, 32, 33, 100, 1000, 1024, 4095, 4096, 4099, 65536];

        for (int round = 0; round < 3; round++)
        {
            foreach (int size in sizes)
            {
                byte[] plaintext = new byte[size];
                Random.Shared.NextBytes(plaintext);

                byte[] raw = Base64Url.DecodeFromChars(Fernet.Encrypt(_key, plaintext, Now).TrimEnd('='));
                HMACSHA256.HashData(keyBytes[..16], raw.AsSpan(0, raw.Length - 32)).Should().Equal(raw[^32..]);
                aes.DecryptCbc(raw.AsSpan(25, raw.Length - 57), raw.AsSpan(9, 16), PaddingMode.PKCS7).Should().Equal(plaintext);

                byte[] reference = new byte[raw.Length];
                raw.AsSpan(0, 9).CopyTo(reference);
                RandomNumberGenerator.Fill(reference.AsSpan(9, 16));
                aes.EncryptCbc(plaintext, reference.AsSpan(9, 16), reference.AsSpan(25, raw.Length - 57), PaddingMode.PKCS7);
                HMACSHA256.HashData(keyBytes[..16], reference.AsSpan(0, raw.Length - 32), reference.AsSpan(raw.Length - 32));
                Fernet.TryDecrypt(_key, Base64Url.EncodeToString(reference), FernetValidation.Default, Now, out byte[]? decrypted, out FernetError error).Should().BeTrue(error.ToString());
                decrypted.Should().Equal(plaintext);
            }
        }
    }

    [Fact]
    public void FernetRandom_AcrossManyBufferRefills_NeverRepeatsAnIv()
    {
        var seen = new HashSet<string>();
        byte[] iv = new byte[16];
        for (int i = 0; i < 2000; i++)
        {
            FernetRandom.Fill(iv);
            seen.Add(Convert.ToHexString(iv)).Should().BeTrue();
        }
    }

    [Theory]
    [InlineData(32, 0)]
    [InlineData(32, 17)]
    [InlineData(4096, 0)]
    [InlineData(8192, 0)]
    [InlineData(8192, 2)]
    public void TryDecrypt_OfAnAuthenticTokenWithBadPadding_ReturnsFalseWithInvalidPadding(int ciphertextLength, byte lastByte)
    {
        byte[] keyBytes = new byte[FernetKey.Size];
        _key.Export(keyBytes);
        using Aes aes = Aes.Create();
        aes.Key = keyBytes[16..];
        byte[] padded = new byte[ciphertextLength];
        padded[^1] = lastByte;
        byte[] raw = new byte[57 + ciphertextLength];
        raw[0] = 0x80;
        BinaryPrimitives.WriteUInt64BigEndian(raw.AsSpan(1), (ulong)Now.ToUnixTimeSeconds());
        aes.EncryptCbc(padded, raw.AsSpan(9, 16), raw.AsSpan(25, ciphertextLength), PaddingMode.None);
        HMACSHA256.HashData(keyBytes[..16], raw.AsSpan(0, raw.Length - 32), raw.AsSpan(raw.Length - 32));

        Fernet.TryDecrypt(_key, Base64Url.EncodeToString(raw), FernetValidation.Default, Now, out byte[]? plaintext, out FernetError error).Should().BeFalse();
        error.Should().Be(FernetError.InvalidPadding);
        plaintext.Should().BeNull();
    }
}
