using System.Net;
using System.Security.Cryptography.X509Certificates;
using FluentAssertions;
using PyChat.Relay.Certificates;
using PyChat.Relay.Commands;
using PyChat.Relay.Hosting;
using PyChat.TestSupport;

namespace PyChat.Relay.Tests.Certificates;

public sealed class IssueProxyCertificateCommandTests : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly CertificateFiles _files;

    public IssueProxyCertificateCommandTests()
    {
        _files = new CertificateFiles(_folder.Combine("certs"));
        CertificateStore.LoadOrCreate(_files, [], TimeProvider.System).Succeeded.Should().BeTrue();
    }

    public void Dispose() => _folder.Dispose();

    private string ProxyCertificate => Path.Combine(_files.Directory, "proxy.crt");

    private string ProxyKey => Path.Combine(_files.Directory, "proxy.key");

    [Fact]
    public async Task IssueProxyCertificate_WritesAChainThatOpenSslVerifiesAgainstTheRelaysCa()
    {
        var exitCode = Run("--host", "chat.example.org", "--host", "192.0.2.7");

        exitCode.Should().Be(0);
        var verify = await OpenSsl.RunAsync($"verify -CAfile \"{_files.CaCertificate}\" -purpose sslserver \"{ProxyCertificate}\"");
        verify.ExitCode.Should().Be(0, verify.Output);
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(ProxyCertificate);
        chain.Should().HaveCount(2, "the leaf and then the CA, the chain a terminating proxy sends");
        chain[1].RawData.Should().Equal(X509CertificateLoader.LoadCertificateFromFile(_files.CaCertificate).RawData);
    }

    [Fact]
    public void IssueProxyCertificate_HasExactlyTheGivenHostsAsSansAndTheRelayServerProfile()
    {
        Run("--host", "chat.example.org", "--host", "192.0.2.7").Should().Be(0);

        using var leaf = X509CertificateLoader.LoadCertificateFromFile(ProxyCertificate);
        var names = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        names.EnumerateDnsNames().Should().Equal("chat.example.org");
        names.EnumerateIPAddresses().Should().Equal(IPAddress.Parse("192.0.2.7"));
        leaf.GetECDsaPublicKey()!.KeySize.Should().Be(256);
        leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>()
            .Select(o => o.Value).Should().Equal("1.3.6.1.5.5.7.3.1");
        leaf.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority.Should().BeFalse();
        (leaf.NotAfter.ToUniversalTime() - leaf.NotBefore.ToUniversalTime()).Should().Be(TimeSpan.FromDays(365));
    }

    [Fact]
    public void IssueProxyCertificate_WritesThePkcs8KeyOwnerOnlyAndItMatchesTheCertificate()
    {
        Run("--host", "chat.example.org").Should().Be(0);

        PemFiles.LabelOf(ProxyKey).Should().Be("PRIVATE KEY", "an unencrypted PKCS#8 key, protected by its 0600 mode");
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(ProxyKey).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        using var withKey = X509Certificate2.CreateFromPemFile(ProxyCertificate, ProxyKey);
        withKey.HasPrivateKey.Should().BeTrue();
    }

    [Fact]
    public void IssueProxyCertificate_WithOut_WritesIntoThatFolderAndLeavesTheRelaysFolderAlone()
    {
        var elsewhere = _folder.Combine("nginx", "pychat");

        Run("--host", "chat.example.org", "--out", elsewhere).Should().Be(0);

        File.Exists(Path.Combine(elsewhere, "proxy.crt")).Should().BeTrue();
        File.Exists(Path.Combine(elsewhere, "proxy.key")).Should().BeTrue();
        File.Exists(ProxyCertificate).Should().BeFalse();
    }

    [Fact]
    public void IssueProxyCertificate_WhenTheFilesExist_OverwritesNothingAndFails()
    {
        Run("--host", "chat.example.org").Should().Be(0);
        var certificate = File.ReadAllBytes(ProxyCertificate);
        var key = File.ReadAllBytes(ProxyKey);

        Run("--host", "other.example.org").Should().Be(1);

        File.ReadAllBytes(ProxyCertificate).Should().Equal(certificate);
        File.ReadAllBytes(ProxyKey).Should().Equal(key);
    }

    [Fact]
    public void IssueProxyCertificate_WithoutACa_IsRefusedAndCreatesNone()
    {
        var empty = _folder.Combine("empty");

        IssueProxyCertificateCommand.Run(["--host", "chat.example.org", "--Relay:CertificateDirectory", empty]).Should().Be(1);

        Directory.Exists(empty).Should().BeFalse("a proxy certificate comes from the CA clients already pin, never from a new one");
    }

    [Theory]
    [InlineData]
    [InlineData("--host")]
    [InlineData("--host", "a,b=c")]
    public void IssueProxyCertificate_WithoutAUsableHost_IsAUsageError(params string[] args)
    {
        Run(args).Should().Be(2);

        File.Exists(ProxyCertificate).Should().BeFalse();
    }

    private int Run(params string[] args) =>
        IssueProxyCertificateCommand.Run([.. args, "--Relay:CertificateDirectory", _files.Directory]);
}
