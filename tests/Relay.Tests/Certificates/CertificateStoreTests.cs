using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FluentAssertions;
using PyChat.Relay.Certificates;
using PyChat.Relay.Commands;
using PyChat.Relay.Hosting;
using PyChat.TestSupport;

namespace PyChat.Relay.Tests.Certificates;

public sealed class CertificateStoreTests : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly CertificateFiles _files;

    public CertificateStoreTests() => _files = new CertificateFiles(_folder.Combine("certs"));

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void LoadOrCreate_OnAnEmptyFolder_CreatesTheFourFilesWithPrivateKeysOwnerOnly()
    {
        var result = Create();

        result.Outcome.Should().Be(CertificateOutcome.Created);
        _files.All.Should().OnlyContain(path => File.Exists(path));
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(_files.CaKey).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.GetUnixFileMode(_files.ServerKey).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.GetUnixFileMode(_files.CaCertificate).Should().NotHaveFlag(UnixFileMode.OtherWrite);
        }

        PemFiles.LabelOf(_files.CaKey).Should().Be("PRIVATE KEY", "keys are unencrypted PKCS#8, protected by their 0600 mode");
        PemFiles.LabelOf(_files.ServerKey).Should().Be("PRIVATE KEY");
    }

    [Fact]
    public void CreatedAuthority_IsAP256CaWithPathLengthZeroThatOnlySignsCertificates()
    {
        Create();
        using var ca = X509CertificateLoader.LoadCertificateFromFile(_files.CaCertificate);

        var constraints = ca.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        constraints.Critical.Should().BeTrue();
        constraints.CertificateAuthority.Should().BeTrue();
        constraints.HasPathLengthConstraint.Should().BeTrue();
        constraints.PathLengthConstraint.Should().Be(0);
        ca.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages
            .Should().Be(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign);
        ca.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Should().ContainSingle();
        using var key = ca.GetECDsaPublicKey();
        key!.ExportParameters(false).Curve.Oid.Value.Should().Be("1.2.840.10045.3.1.7"); // P-256
        (ca.NotAfter - ca.NotBefore).Should().BeGreaterThan(TimeSpan.FromDays(5 * 365));
    }

    [Fact]
    public void CreatedServerCertificate_IsAOneYearServerCertificateForLoopbackAndTheConfiguredHosts()
    {
        Create("chat.example.org", "192.0.2.7");
        using var ca = X509CertificateLoader.LoadCertificateFromFile(_files.CaCertificate);
        using var server = X509CertificateLoader.LoadCertificateFromFile(_files.ServerCertificate);

        var names = server.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        names.EnumerateDnsNames().Should().BeEquivalentTo("localhost", "chat.example.org");
        names.EnumerateIPAddresses().Should().BeEquivalentTo(
            [IPAddress.Loopback, IPAddress.IPv6Loopback, IPAddress.Parse("192.0.2.7")]);
        server.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages
            .Cast<Oid>().Select(o => o.Value).Should().Equal("1.3.6.1.5.5.7.3.1");
        server.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages.Should().Be(X509KeyUsageFlags.DigitalSignature);
        server.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority.Should().BeFalse();
        server.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().Single().KeyIdentifier!.Value.ToArray()
            .Should().Equal(Convert.FromHexString(ca.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single().SubjectKeyIdentifier!));
        (server.NotAfter - server.NotBefore).Should().BeLessThanOrEqualTo(TimeSpan.FromDays(365));
        server.Issuer.Should().Be(ca.Subject);
    }

    [Fact]
    public async Task OpenSslVerify_AcceptsTheServerCertificateOnDisk()
    {
        Create();

        var (exitCode, output) = await OpenSsl.RunAsync($"verify -CAfile \"{_files.CaCertificate}\" -purpose sslserver \"{_files.ServerCertificate}\"");

        exitCode.Should().Be(0, output);
        output.Should().Contain(": OK");
        (await OpenSsl.RunAsync($"pkey -in \"{_files.ServerKey}\" -noout")).ExitCode.Should().Be(0);
    }

    [Fact]
    public void LoadOrCreate_WhenTheFilesExist_LoadsThemAndChangesNothing()
    {
        Create();
        var before = _files.All.ToDictionary(p => p, File.ReadAllBytes);

        var result = Create();

        result.Outcome.Should().Be(CertificateOutcome.Loaded);
        _files.All.Should().OnlyContain(p => File.ReadAllBytes(p).SequenceEqual(before[p]));
        Directory.GetFiles(_files.Directory).Should().HaveCount(4);
    }

    [Fact]
    public void LoadOrCreate_WhenTheCaKeyIsMissing_RefusesNamingTheFileAndWritesNothing()
    {
        Create();
        File.Delete(_files.CaKey);
        var caBefore = File.ReadAllBytes(_files.CaCertificate);

        var result = Create();

        result.Problem.Should().Be(CertificateProblem.Incomplete);
        result.Message.Should().Contain("ca.key").And.Contain("missing");
        File.Exists(_files.CaKey).Should().BeFalse();
        File.ReadAllBytes(_files.CaCertificate).Should().Equal(caBefore);
    }

    [Fact]
    public void LoadOrCreate_WhenOnlyTheServerPairExists_Refuses()
    {
        Create();
        File.Delete(_files.CaKey);
        File.Delete(_files.CaCertificate);

        var result = Create();

        result.Problem.Should().Be(CertificateProblem.Incomplete);
        result.Message.Should().Contain("server.crt").And.Contain("ca.crt");
    }

    [Fact]
    public void LoadOrCreate_WhenTheServerKeyBelongsToAnotherCertificate_RefusesWithKeyMismatch()
    {
        Create();
        File.Delete(_files.ServerKey);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        File.WriteAllText(_files.ServerKey, other.ExportPkcs8PrivateKeyPem());

        var result = Create();

        result.Problem.Should().Be(CertificateProblem.KeyMismatch);
        result.Message.Should().Contain("server.key");
    }

    [Fact]
    public void LoadOrCreate_WhenTheCaKeyBelongsToAnotherCertificate_RefusesWithKeyMismatch()
    {
        Create();
        File.Delete(_files.CaKey);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        File.WriteAllText(_files.CaKey, other.ExportPkcs8PrivateKeyPem());

        var result = Create();

        result.Problem.Should().Be(CertificateProblem.KeyMismatch);
        result.Message.Should().Contain("ca.key");
    }

    [Fact]
    public void LoadOrCreate_WhenTheServerCertificateWasIssuedByAnotherCa_Refuses()
    {
        Create();
        using var otherFolder = new TempDirectory();
        var other = new CertificateFiles(otherFolder.Path);
        CertificateStore.LoadOrCreate(other, [], TimeProvider.System).Succeeded.Should().BeTrue();
        File.Delete(_files.ServerCertificate);
        File.Delete(_files.ServerKey);
        File.Copy(other.ServerCertificate, _files.ServerCertificate);
        File.Copy(other.ServerKey, _files.ServerKey);

        var result = Create();

        result.Problem.Should().Be(CertificateProblem.NotIssuedByAuthority);
        result.Message.Should().Contain("server.crt").And.Contain("not issued");
    }

    [Fact]
    public void LoadOrCreate_WhenAFileIsNotPem_RefusesAsUnreadable()
    {
        Create();
        File.Delete(_files.CaCertificate);
        File.WriteAllText(_files.CaCertificate, "hello");

        var result = Create();

        result.Problem.Should().Be(CertificateProblem.Unreadable);
        result.Message.Should().Contain("ca.crt");
    }

    [Fact]
    public void LoadOrCreate_WhenTheServerPairIsMissing_IssuesANewOneFromTheExistingCa()
    {
        Create();
        var caBefore = File.ReadAllBytes(_files.CaCertificate);
        File.Delete(_files.ServerCertificate);
        File.Delete(_files.ServerKey);

        var result = Create();

        result.Outcome.Should().Be(CertificateOutcome.ServerIssued);
        File.ReadAllBytes(_files.CaCertificate).Should().Equal(caBefore);
    }

    [Fact]
    public async Task Reissue_MovesTheOldPairAsideAndIssuesANewServerCertificateFromTheSameCa()
    {
        Create();
        var caBefore = File.ReadAllBytes(_files.CaCertificate);
        var oldCertificate = File.ReadAllBytes(_files.ServerCertificate);
        var oldKey = File.ReadAllBytes(_files.ServerKey);

        var result = CertificateStore.Reissue(_files, [], TimeProvider.System);

        result.Outcome.Should().Be(CertificateOutcome.ServerIssued);
        File.ReadAllBytes(_files.CaCertificate).Should().Equal(caBefore);
        File.ReadAllBytes(_files.ServerCertificate).Should().NotEqual(oldCertificate);
        var movedAside = Directory.GetFiles(_files.Directory, "server.*.*Z");
        movedAside.Should().HaveCount(2);
        movedAside.Select(File.ReadAllBytes).Should().ContainEquivalentOf(oldCertificate).And.ContainEquivalentOf(oldKey);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(_files.ServerKey).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        (await OpenSsl.RunAsync($"verify -CAfile \"{_files.CaCertificate}\" \"{_files.ServerCertificate}\"")).ExitCode.Should().Be(0);
        Create().Outcome.Should().Be(CertificateOutcome.Loaded);
    }

    [Fact]
    public async Task ReissueCommand_ReadsTheCertificateFolderFromTheCommandLine()
    {
        Create();
        var oldCertificate = File.ReadAllBytes(_files.ServerCertificate);

        var exitCode = await RelayCommandLine.InvokeAsync(["reissue-certificate", "--Relay:CertificateDirectory", _files.Directory], TextWriter.Null, TextWriter.Null);

        exitCode.Should().Be(0);
        File.ReadAllBytes(_files.ServerCertificate).Should().NotEqual(oldCertificate);
    }

    [Fact]
    public void Reissue_WithoutACa_IsRefused()
    {
        var result = CertificateStore.Reissue(_files, [], TimeProvider.System);

        result.Succeeded.Should().BeFalse();
        result.Message.Should().Contain("ca.crt");
    }

    private CertificateResult Create(params string[] hostNames)
    {
        var result = CertificateStore.LoadOrCreate(_files, hostNames, TimeProvider.System);
        return result;
    }
}
