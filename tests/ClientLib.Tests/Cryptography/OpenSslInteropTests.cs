using System.Formats.Asn1;
using FluentAssertions;
using PyChat.Client.Cryptography;
using PyChat.TestSupport;
using Xunit;

namespace PyChat.Client.Tests.Cryptography;

/// <summary>Interop with the real `openssl` command-line tool (CI installs it).</summary>
public sealed class OpenSslInteropTests : IDisposable
{
    private const string Password = "interop pass phrase";

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task OpenSslPkey_AcceptsAFileWeWrote()
    {
        using IdentityKey key = IdentityKey.Generate();
        string path = _temp.File("ours.pem");
        await IdentityKeyFile.WriteAsync(path, key, Password);

        await ExternalTool.RunSuccessfullyAsync("openssl", ["pkey", "-in", path, "-passin", $"pass:{Password}", "-noout"]);
        ExternalToolResult pub = await ExternalTool.RunSuccessfullyAsync("openssl", ["pkey", "-in", path, "-passin", $"pass:{Password}", "-pubout"]);

        IdentityPublicKey.FromBase64(PemBody(pub.StandardOutput)).Should().Be(key.PublicKey);
    }

    [Fact]
    public async Task OpenSslPkey_WithTheWrongPassword_RejectsAFileWeWrote()
    {
        using IdentityKey key = IdentityKey.Generate();
        string path = _temp.File("ours.pem");
        await IdentityKeyFile.WriteAsync(path, key, Password);

        ExternalToolResult result = await ExternalTool.RunAsync("openssl", ["pkey", "-in", path, "-passin", "pass:wrong", "-noout"]);

        result.ExitCode.Should().NotBe(0);
    }

    [Fact]
    public async Task ReadAsync_LoadsAKeyMadeByOpenSslGenpkeyAndPkcs8()
    {
        string plain = _temp.File("plain.pem");
        string encrypted = _temp.File("openssl.pem");
        await ExternalTool.RunSuccessfullyAsync("openssl", ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", plain]);
        await ExternalTool.RunSuccessfullyAsync("openssl", ["pkcs8", "-topk8", "-in", plain, "-out", encrypted, "-v2", "aes-256-cbc", "-v2prf", "hmacWithSHA256", "-iter", "600000", "-passout", $"pass:{Password}"]);
        ExternalToolResult pub = await ExternalTool.RunSuccessfullyAsync("openssl", ["pkey", "-in", plain, "-pubout"]);

        using IdentityKey key = await IdentityKeyFile.ReadAsync(encrypted, Password);

        key.PublicKey.Should().Be(IdentityPublicKey.FromBase64(PemBody(pub.StandardOutput)));
    }

    [Fact]
    public async Task ReadAsync_OfAnOpenSslUnencryptedKey_FailsWithNotEncrypted()
    {
        string plain = _temp.File("plain.pem");
        await ExternalTool.RunSuccessfullyAsync("openssl", ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", plain]);

        IdentityKeyFileException e = (await FluentActions.Awaiting(() => IdentityKeyFile.ReadAsync(plain, Password)).Should().ThrowAsync<IdentityKeyFileException>()).Which;

        e.Error.Should().Be(IdentityKeyFileError.NotEncrypted);
    }

    [Fact]
    public async Task ReadAsync_OfAnOpenSslEd25519Key_FailsWithWrongKeyType()
    {
        string plain = _temp.File("ed.pem");
        string encrypted = _temp.File("ed-enc.pem");
        await ExternalTool.RunSuccessfullyAsync("openssl", ["genpkey", "-algorithm", "ED25519", "-out", plain]);
        await ExternalTool.RunSuccessfullyAsync("openssl", ["pkcs8", "-topk8", "-in", plain, "-out", encrypted, "-v2", "aes-256-cbc", "-v2prf", "hmacWithSHA256", "-iter", "1000", "-passout", $"pass:{Password}"]);

        IdentityKeyFileException e = (await FluentActions.Awaiting(() => IdentityKeyFile.ReadAsync(encrypted, Password)).Should().ThrowAsync<IdentityKeyFileException>()).Which;

        e.Error.Should().Be(IdentityKeyFileError.WrongKeyType);
        e.Message.Should().Contain("Ed25519");
    }

    [Fact]
    public async Task OpenSslDgstVerify_AcceptsOurSignatureConvertedToDer()
    {
        using IdentityKey key = IdentityKey.Generate();
        byte[] data = "signed by PyChat"u8.ToArray();
        string dataPath = _temp.File("data.bin");
        string sigPath = _temp.File("sig.der");
        string pubPath = _temp.File("pub.pem");
        await File.WriteAllBytesAsync(dataPath, data);
        await File.WriteAllBytesAsync(sigPath, P1363ToDer(key.Sign(data)));
        await File.WriteAllTextAsync(pubPath, PublicKeyPem(key.PublicKey));

        ExternalToolResult result = await ExternalTool.RunAsync("openssl", ["dgst", "-sha256", "-verify", pubPath, "-signature", sigPath, dataPath]);

        result.ExitCode.Should().Be(0, result.ToString());
        result.StandardOutput.Should().Contain("Verified OK");
    }

    [Fact]
    public async Task Verify_AcceptsAnOpenSslSignatureConvertedToP1363()
    {
        string keyPath = _temp.File("key.pem");
        string dataPath = _temp.File("data.bin");
        string sigPath = _temp.File("sig.der");
        byte[] data = "signed by openssl"u8.ToArray();
        await File.WriteAllBytesAsync(dataPath, data);
        await ExternalTool.RunSuccessfullyAsync("openssl", ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", keyPath]);
        await ExternalTool.RunSuccessfullyAsync("openssl", ["dgst", "-sha256", "-sign", keyPath, "-out", sigPath, dataPath]);
        ExternalToolResult pub = await ExternalTool.RunSuccessfullyAsync("openssl", ["pkey", "-in", keyPath, "-pubout"]);
        IdentityPublicKey publicKey = IdentityPublicKey.FromBase64(PemBody(pub.StandardOutput));

        byte[] signature = DerToP1363(await File.ReadAllBytesAsync(sigPath));

        publicKey.Verify(data, signature).Should().BeTrue();
        publicKey.Verify("something else"u8, signature).Should().BeFalse();
    }

    private static string PemBody(string pem) =>
        string.Concat(pem.Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal)).Select(l => l.Trim()));

    private static string PublicKeyPem(IdentityPublicKey key) =>
        new(System.Security.Cryptography.PemEncoding.Write("PUBLIC KEY", key.SubjectPublicKeyInfo.Span));

    /// <summary>IEEE P1363 r||s to the DER Ecdsa-Sig-Value SEQUENCE { r INTEGER, s INTEGER } that openssl uses.</summary>
    private static byte[] P1363ToDer(byte[] signature)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            // DER integers are minimal: r or s starts with a zero byte once in 128 signatures, and openssl rejects it padded.
            writer.WriteIntegerUnsigned(Minimal(signature.AsSpan(0, 32)));
            writer.WriteIntegerUnsigned(Minimal(signature.AsSpan(32, 32)));
        }

        return writer.Encode();
    }

    private static ReadOnlySpan<byte> Minimal(ReadOnlySpan<byte> unsigned)
    {
        var zeros = 0;
        while (zeros < unsigned.Length - 1 && unsigned[zeros] == 0)
        {
            zeros++;
        }

        return unsigned[zeros..];
    }

    private static byte[] DerToP1363(byte[] der)
    {
        var reader = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        byte[] result = new byte[64];
        WriteFixed(reader.ReadIntegerBytes().Span, result.AsSpan(0, 32));
        WriteFixed(reader.ReadIntegerBytes().Span, result.AsSpan(32, 32));
        return result;

        static void WriteFixed(ReadOnlySpan<byte> integer, Span<byte> destination)
        {
            integer = integer.TrimStart((byte)0);
            integer.CopyTo(destination[(destination.Length - integer.Length)..]);
        }
    }
}
