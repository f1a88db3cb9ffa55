using System.Security.Cryptography;
using FluentAssertions;
using PyChat.Client.Cryptography;
using PyChat.TestSupport;
using Xunit;

namespace PyChat.Client.Tests.Cryptography;

/// <summary>Each test pays one or two PBKDF2 runs of 600,000 iterations (a fraction of a second each).</summary>
public sealed class IdentityKeyFileTests : IDisposable
{
    private const string Password = "correct horse battery staple";

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ReadAsync_OfAWrittenFile_GivesTheSameKey()
    {
        using IdentityKey key = IdentityKey.Generate();
        string path = _temp.File("id.pem");

        await IdentityKeyFile.WriteAsync(path, key, Password);
        using IdentityKey read = await IdentityKeyFile.ReadAsync(path, Password);

        read.PublicKey.Should().Be(key.PublicKey);
        key.PublicKey.Verify("m"u8, read.Sign("m"u8)).Should().BeTrue();
    }

    [Fact]
    public async Task WriteAsync_WritesAnEncryptedPkcs8PemWithPbes2Sha256AndAes256()
    {
        using IdentityKey key = IdentityKey.Generate();
        string path = _temp.File("id.pem");

        await IdentityKeyFile.WriteAsync(path, key, Password);
        string pem = await File.ReadAllTextAsync(path);

        PemFields fields = PemEncoding.Find(pem);
        pem[fields.Label].Should().Be("ENCRYPTED PRIVATE KEY");
        byte[] der = Convert.FromBase64String(pem[fields.Base64Data]);
        var info = Org.BouncyCastle.Asn1.Pkcs.EncryptedPrivateKeyInfo.GetInstance(der);
        var pbes2 = Org.BouncyCastle.Asn1.Pkcs.PbeS2Parameters.GetInstance(info.EncryptionAlgorithm.Parameters);
        var kdf = Org.BouncyCastle.Asn1.Pkcs.Pbkdf2Params.GetInstance(pbes2.KeyDerivationFunc.Parameters);
        kdf.IterationCount.IntValue.Should().Be(IdentityKeyFile.Pbkdf2Iterations).And.BeGreaterThanOrEqualTo(600_000);
        kdf.Prf.Algorithm.Id.Should().Be("1.2.840.113549.2.9"); // hmacWithSHA256
        pbes2.EncryptionScheme.Algorithm.Id.Should().Be("2.16.840.1.101.3.4.1.42"); // aes256-CBC
    }

    [Fact]
    public async Task WriteAsync_OnLinux_CreatesTheFileWithMode0600()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using IdentityKey key = IdentityKey.Generate();
        string path = _temp.File("id.pem");

        await IdentityKeyFile.WriteAsync(path, key, Password);

        File.GetUnixFileMode(path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Directory.GetFiles(_temp.Path).Should().ContainSingle("no temporary file is left behind");
    }

    [Fact]
    public async Task WriteAsync_WhenTheFileExists_FailsWithAlreadyExistsAndLeavesItUntouched()
    {
        using IdentityKey key = IdentityKey.Generate();
        string path = _temp.File("id.pem");
        await File.WriteAllTextAsync(path, "precious");

        IdentityKeyFileException e = await WriteFails(path, key);

        e.Error.Should().Be(IdentityKeyFileError.AlreadyExists);
        e.Message.Should().Contain(path);
        (await File.ReadAllTextAsync(path)).Should().Be("precious");
    }

    [Fact]
    public async Task WriteAsync_WhenTheFolderIsMissing_FailsWithNotFound()
    {
        using IdentityKey key = IdentityKey.Generate();

        IdentityKeyFileException e = await WriteFails(_temp.File("missing/id.pem"), key);

        e.Error.Should().Be(IdentityKeyFileError.NotFound);
    }

    [Fact]
    public async Task ReadAsync_WhenTheFileIsMissing_FailsWithNotFound()
    {
        IdentityKeyFileException e = await ReadFails(_temp.File("nope.pem"));

        e.Error.Should().Be(IdentityKeyFileError.NotFound);
        e.Message.Should().Contain("nope.pem");
    }

    [Fact]
    public async Task ReadAsync_WithTheWrongPassword_FailsWithWrongPasswordAndNoSecretsInTheMessage()
    {
        string path = await WriteKeyAsync();

        IdentityKeyFileException e = await ReadFails(path, "Tr0ub4dor&3");

        e.Error.Should().Be(IdentityKeyFileError.WrongPassword);
        e.Message.Should().Contain(path).And.NotContain("Tr0ub4dor&3").And.NotContain(Password);
        e.ToString().Should().NotContain("Tr0ub4dor&3").And.NotContain(Password);
    }

    [Fact]
    public async Task ReadAsync_OfATruncatedFile_FailsWithCorrupted()
    {
        string path = await WriteKeyAsync();
        string pem = await File.ReadAllTextAsync(path);
        await File.WriteAllTextAsync(path, pem[..(pem.Length / 2)]);

        (await ReadFails(path)).Error.Should().Be(IdentityKeyFileError.Corrupted);
    }

    [Fact]
    public async Task ReadAsync_OfAFileWithDamagedStructure_FailsWithCorrupted()
    {
        string path = await WriteKeyAsync();
        string[] lines = await File.ReadAllLinesAsync(path);
        lines[1] = "AAAA" + lines[1][4..]; // overwrites the outer DER SEQUENCE header
        await File.WriteAllLinesAsync(path, lines);

        (await ReadFails(path)).Error.Should().Be(IdentityKeyFileError.Corrupted);
    }

    [Fact]
    public async Task ReadAsync_OfAFileWithInvalidBase64_FailsWithCorrupted()
    {
        string path = await WriteKeyAsync();
        string[] lines = await File.ReadAllLinesAsync(path);
        lines[2] = "!!!!" + lines[2][4..];
        await File.WriteAllLinesAsync(path, lines);

        (await ReadFails(path)).Error.Should().Be(IdentityKeyFileError.Corrupted);
    }

    [Fact]
    public async Task ReadAsync_OfGarbage_FailsWithCorrupted()
    {
        string path = _temp.File("garbage.pem");
        await File.WriteAllBytesAsync(path, RandomNumberGenerator.GetBytes(500));

        (await ReadFails(path)).Error.Should().Be(IdentityKeyFileError.Corrupted);
    }

    [Fact]
    public async Task ReadAsync_OfAnEncryptedRsaKey_FailsWithWrongKeyType()
    {
        using var rsa = RSA.Create(2048);
        string path = await WriteForeignKeyAsync(rsa.ExportEncryptedPkcs8PrivateKeyPem(Password, Pbe()));

        IdentityKeyFileException e = await ReadFails(path);

        e.Error.Should().Be(IdentityKeyFileError.WrongKeyType);
        e.Message.Should().Contain("RSA");
    }

    [Fact]
    public async Task ReadAsync_OfAnEncryptedP384Key_FailsWithWrongKeyType()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        string path = await WriteForeignKeyAsync(p384.ExportEncryptedPkcs8PrivateKeyPem(Password, Pbe()));

        IdentityKeyFileException e = await ReadFails(path);

        e.Error.Should().Be(IdentityKeyFileError.WrongKeyType);
        e.Message.Should().Contain("P-384");
    }

    [Fact]
    public async Task ReadAsync_OfAnUnencryptedPkcs8Key_FailsWithNotEncrypted()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string path = await WriteForeignKeyAsync(ecdsa.ExportPkcs8PrivateKeyPem());

        (await ReadFails(path)).Error.Should().Be(IdentityKeyFileError.NotEncrypted);
    }

    [Fact]
    public async Task ReadAsync_OfAnUnencryptedSec1Key_FailsWithNotEncrypted()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string path = await WriteForeignKeyAsync(ecdsa.ExportECPrivateKeyPem());

        (await ReadFails(path)).Error.Should().Be(IdentityKeyFileError.NotEncrypted);
    }

    [Fact]
    public async Task ReadAsync_OfAPublicKey_FailsWithCorrupted()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string path = await WriteForeignKeyAsync(ecdsa.ExportSubjectPublicKeyInfoPem());

        (await ReadFails(path)).Error.Should().Be(IdentityKeyFileError.Corrupted);
    }

    [Fact]
    public async Task WriteAsync_WithAnEmptyPassword_ThrowsArgumentException()
    {
        using IdentityKey key = IdentityKey.Generate();

        await FluentActions.Awaiting(() => IdentityKeyFile.WriteAsync(_temp.File("id.pem"), key, "")).Should().ThrowAsync<ArgumentException>();
    }

    [Fact]
    public async Task WriteAsync_WhenCancelled_LeavesNoFile()
    {
        using IdentityKey key = IdentityKey.Generate();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await FluentActions.Awaiting(() => IdentityKeyFile.WriteAsync(_temp.File("id.pem"), key, Password, cts.Token)).Should().ThrowAsync<OperationCanceledException>();
        Directory.GetFiles(_temp.Path).Should().BeEmpty();
    }

    private static PbeParameters Pbe() => new(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000);

    private async Task<string> WriteKeyAsync()
    {
        using IdentityKey key = IdentityKey.Generate();
        string path = _temp.File($"{Guid.NewGuid():N}.pem");
        await IdentityKeyFile.WriteAsync(path, key, Password);
        return path;
    }

    private async Task<string> WriteForeignKeyAsync(string pem)
    {
        string path = _temp.File($"{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(path, pem);
        return path;
    }

    private static async Task<IdentityKeyFileException> ReadFails(string path, string password = Password) =>
        (await FluentActions.Awaiting(() => IdentityKeyFile.ReadAsync(path, password)).Should().ThrowAsync<IdentityKeyFileException>()).Which;

    private static async Task<IdentityKeyFileException> WriteFails(string path, IdentityKey key) =>
        (await FluentActions.Awaiting(() => IdentityKeyFile.WriteAsync(path, key, Password)).Should().ThrowAsync<IdentityKeyFileException>()).Which;
}
