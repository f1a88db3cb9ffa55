using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using FluentAssertions;
using PyChat.TestSupport;

namespace PyChat.Relay.Tests.Certificates;

public sealed partial class RelayTlsTests
{
    [Fact]
    public async Task ServedCertificate_IsTheServerCertificateAndOpenSslVerifiesItAgainstThePinnedCa()
    {
        await using var relay = await TestRelay.StartAsync();
        var port = relay.Host.WebSocketUri.Port;

        var (exitCode, output) = await OpenSsl.RunAsync(
            $"s_client -connect 127.0.0.1:{port} -showcerts -CAfile \"{relay.Host.CaCertificatePath}\" -verify_return_error -verify_ip 127.0.0.1",
            standardInput: string.Empty);

        exitCode.Should().Be(0, output);
        output.Should().Contain("Verify return code: 0 (ok)");
        var served = PemCertificate().Matches(output).Select(m => X509Certificate2.CreateFromPem(m.Value)).ToList();
        using var onDisk = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(relay.CertificateDirectory, "server.crt"));
        served[0].RawData.Should().Equal(onDisk.RawData);

        using var folder = new TempDirectory();
        var servedFile = folder.Combine("served.pem");
        await File.WriteAllTextAsync(servedFile, served[0].ExportCertificatePem());
        var verify = await OpenSsl.RunAsync($"verify -CAfile \"{relay.Host.CaCertificatePath}\" -purpose sslserver \"{servedFile}\"");
        verify.ExitCode.Should().Be(0, verify.Output);
    }

    [Fact]
    public async Task Tls_OlderThan12_IsRefused()
    {
        await using var relay = await TestRelay.StartAsync();

        var (exitCode, _) = await OpenSsl.RunAsync(
            $"s_client -connect 127.0.0.1:{relay.Host.WebSocketUri.Port} -tls1_1 -cipher DEFAULT@SECLEVEL=0", standardInput: string.Empty);

        exitCode.Should().NotBe(0);
    }

    [Theory]
    [InlineData("ECDHE-ECDSA-AES128-SHA256")]
    [InlineData("ECDHE-ECDSA-AES256-SHA384")]
    [InlineData("ECDHE-ECDSA-AES128-SHA")]
    public async Task Tls12_WithACbcSuite_IsRefused(string cipher)
    {
        await using var relay = await TestRelay.StartAsync();

        var (exitCode, output) = await OpenSsl.RunAsync(
            $"s_client -connect 127.0.0.1:{relay.Host.WebSocketUri.Port} -tls1_2 -cipher {cipher}", standardInput: string.Empty);

        exitCode.Should().NotBe(0, output);
    }

    [Theory]
    [InlineData("ECDHE-ECDSA-AES128-GCM-SHA256")]
    [InlineData("ECDHE-ECDSA-AES256-GCM-SHA384")]
    [InlineData("ECDHE-ECDSA-CHACHA20-POLY1305")]
    public async Task Tls12_WithAnAeadEcdheSuite_IsAccepted(string cipher)
    {
        await using var relay = await TestRelay.StartAsync();

        var (exitCode, output) = await OpenSsl.RunAsync(
            $"s_client -connect 127.0.0.1:{relay.Host.WebSocketUri.Port} -tls1_2 -cipher {cipher} -CAfile \"{relay.Host.CaCertificatePath}\" -verify_return_error",
            standardInput: string.Empty);

        exitCode.Should().Be(0, output);
        output.Should().Contain($"Cipher is {cipher}");
    }

    [Fact]
    public async Task Alpn_OfferingH2AndHttp11_NegotiatesHttp11()
    {
        await using var relay = await TestRelay.StartAsync();

        var (exitCode, output) = await OpenSsl.RunAsync(
            $"s_client -connect 127.0.0.1:{relay.Host.WebSocketUri.Port} -alpn h2,http/1.1", standardInput: string.Empty);

        exitCode.Should().Be(0, output);
        output.Should().Contain("ALPN protocol: http/1.1").And.NotContain("ALPN protocol: h2");
    }

    [Fact]
    public async Task WebSocketUri_IsTheBoundLoopbackPortOverWss()
    {
        await using var relay = await TestRelay.StartAsync();

        relay.Host.WebSocketUri.Scheme.Should().Be("wss");
        relay.Host.WebSocketUri.Host.Should().Be("127.0.0.1");
        relay.Host.WebSocketUri.AbsolutePath.Should().Be("/ws");
        relay.Host.WebSocketUri.Port.Should().BeGreaterThan(0);
        Path.IsPathFullyQualified(relay.Host.CaCertificatePath).Should().BeTrue();
    }

    [Fact]
    public async Task Upgrade_WithoutThePychatSubprotocol_IsRefusedWith400()
    {
        await using var relay = await TestRelay.StartAsync();
        using var socket = RelayTestClient.CreateSocket(relay.Host.CaCertificatePath, subProtocol: null);
        socket.Options.CollectHttpResponseDetails = true;

        var connect = () => socket.ConnectAsync(relay.Host.WebSocketUri, CancellationToken.None);

        await connect.Should().ThrowAsync<WebSocketException>();
        socket.HttpStatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task StartAsync_WhenTheServerKeyDoesNotMatch_RefusesWithAMessageNamingTheFile()
    {
        using var folder = new TempDirectory();
        await (await RelayHost.StartAsync(TestRelay.Arguments(folder))).DisposeAsync();
        var serverKey = folder.Combine("certs", "server.key");
        File.Delete(serverKey);
        using (var other = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256))
        {
            await File.WriteAllTextAsync(serverKey, other.ExportPkcs8PrivateKeyPem());
        }

        var start = () => RelayHost.StartAsync(TestRelay.Arguments(folder));

        (await start.Should().ThrowAsync<RelayStartupException>()).Which.Message.Should().Contain(serverKey).And.Contain("does not match");
    }

    [Fact]
    public async Task StartAsync_OnAFreshFolder_CreatesCertificatesAndTheRegistry()
    {
        using var folder = new TempDirectory();

        await using (var relay = await RelayHost.StartAsync(TestRelay.Arguments(folder)))
        {
            relay.CaCertificatePath.Should().Be(folder.Combine("certs", "ca.crt"));
        }

        File.Exists(folder.Combine("data", "relay.db")).Should().BeTrue();
        Directory.GetFiles(folder.Combine("certs")).Select(Path.GetFileName).Should().BeEquivalentTo("ca.crt", "ca.key", "server.crt", "server.key");
    }

    [GeneratedRegex("-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----")]
    private static partial Regex PemCertificate();
}
