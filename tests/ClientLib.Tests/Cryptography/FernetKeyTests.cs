using FluentAssertions;
using PyChat.Client.Cryptography;
using Xunit;

namespace PyChat.Client.Tests.Cryptography;

public sealed class FernetKeyTests
{
    private const string SpecKey = "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=";

    [Fact]
    public void FromBase64Url_ThenExportBase64Url_GivesTheSameText()
    {
        using FernetKey key = FernetKey.FromBase64Url(SpecKey);

        key.ExportBase64Url().Should().Be(SpecKey);
    }

    [Fact]
    public void FromBase64Url_WithoutPadding_IsAccepted()
    {
        using FernetKey key = FernetKey.FromBase64Url(SpecKey.TrimEnd('='));

        key.ExportBase64Url().Should().Be(SpecKey);
    }

    [Theory]
    [InlineData("")]
    [InlineData("c2hvcnQ=")]
    [InlineData("cw/0x689RpI+jtRR7oE8h/eQsKImvJapLeSbXpwF4e4=")]
    [InlineData("cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=AAAA")]
    [InlineData("cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e5=")]
    public void FromBase64Url_WhenNotThirtyTwoBytesOfBase64Url_ThrowsFormatExceptionWithoutTheInput(string text)
    {
        FluentActions.Invoking(() => FernetKey.FromBase64Url(text)).Should().Throw<FormatException>()
            .Which.Message.Should().NotContain(text.Length > 0 ? text : "\0");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public void Import_WhenNotThirtyTwoBytes_ThrowsArgumentException(int length)
    {
        FluentActions.Invoking(() => FernetKey.Import(new byte[length])).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Export_GivesTheImportedBytes()
    {
        byte[] raw = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        using FernetKey key = FernetKey.Import(raw);
        byte[] exported = new byte[FernetKey.Size];

        key.Export(exported);

        exported.Should().Equal(raw);
    }

    [Fact]
    public void Export_WhenDestinationIsNotThirtyTwoBytes_ThrowsArgumentException()
    {
        using FernetKey key = FernetKey.Generate();

        FluentActions.Invoking(() => key.Export(new byte[31])).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Generate_MakesDifferentKeys()
    {
        using FernetKey a = FernetKey.Generate();
        using FernetKey b = FernetKey.Generate();

        a.ExportBase64Url().Should().NotBe(b.ExportBase64Url());
    }

    [Fact]
    public void ToString_NeverShowsTheKey()
    {
        using FernetKey key = FernetKey.FromBase64Url(SpecKey);

        key.ToString().Should().Be("FernetKey(redacted)");
        $"{key}".Should().NotContain(SpecKey[..10]);
    }

    [Fact]
    public void UseAfterDispose_ThrowsObjectDisposedException()
    {
        FernetKey key = FernetKey.Generate();
        string token = Fernet.Encrypt(key, "x"u8, DateTimeOffset.UtcNow);
        key.Dispose();

        FluentActions.Invoking(() => key.Export(new byte[32])).Should().Throw<ObjectDisposedException>();
        FluentActions.Invoking(key.ExportBase64Url).Should().Throw<ObjectDisposedException>();
        FluentActions.Invoking(() => Fernet.Encrypt(key, "x"u8, DateTimeOffset.UtcNow)).Should().Throw<ObjectDisposedException>();
        FluentActions.Invoking(() => Fernet.TryDecrypt(key, token, FernetValidation.Default, DateTimeOffset.UtcNow, out _, out _)).Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public void Dispose_ZeroesTheKeyBytes()
    {
        FernetKey key = FernetKey.FromBase64Url(SpecKey);
        System.Reflection.FieldInfo field = typeof(FernetKey).GetField("_key", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        byte[] storage = (byte[])field.GetValue(key)!;
        storage.Should().Contain(b => b != 0);

        key.Dispose();

        storage.Should().OnlyContain(b => b == 0);
    }
}
