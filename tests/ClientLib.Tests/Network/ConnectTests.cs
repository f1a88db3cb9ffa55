using System.Security.Cryptography;
using FluentAssertions;
using PyChat.Client;
using PyChat.TestSupport.Relays;

namespace PyChat.ClientLib.Tests.Network;

public sealed class ConnectTests
{
    [Fact]
    public async Task Connect_WithThePinnedCa_ReadsHelloAndExposesTheRelayIdOfThatCa()
    {
        await using var scenario = new FakeRelayScenario();

        var (client, _) = await scenario.ConnectAsync();
        await using var _client = client;

        client.RelayId.ToArray().Should().Equal(scenario.RelayId);
        client.User.Should().BeNull();
    }

    [Fact]
    public async Task Connect_WhenTheRelayCertificateComesFromAnotherCa_FailsWithCertificateExceptionWithoutRetrying()
    {
        await using var scenario = new FakeRelayScenario();
        using var otherCa = new TestCertificateAuthority("Someone Else's CA");
        var options = scenario.Options with { CaCertificate = otherCa.PublicCertificate, ConnectRetryAttempts = 3 };

        var connect = () => PyChatClient.ConnectAsync(options);

        (await connect.Should().ThrowAsync<PyChatCertificateException>())
            .Which.Message.Should().Contain("pinned CA");
        scenario.Relay.Attempts.Should().Be(1, "a certificate failure is never retried");
    }

    [Fact]
    public async Task Connect_WhenTheCertificateIsIssuedForAnotherHost_FailsWithCertificateException()
    {
        await using var scenario = new FakeRelayScenario("relay.example.org");

        var connect = () => PyChatClient.ConnectAsync(scenario.Options);

        (await connect.Should().ThrowAsync<PyChatCertificateException>())
            .Which.Message.Should().Contain("not issued for '127.0.0.1'");
    }

    [Fact]
    public async Task Connect_WhenHelloCarriesAnotherRelayId_FailsWithCertificateException()
    {
        await using var scenario = new FakeRelayScenario();

        var connect = () => scenario.ConnectAsync(relayId: RandomNumberGenerator.GetBytes(32));

        (await connect.Should().ThrowAsync<PyChatCertificateException>())
            .Which.Message.Should().Contain("does not match the pinned CA");
    }

    [Fact]
    public async Task Connect_WithACaFileOnDisk_TrustsTheRelayIssuedByIt()
    {
        await using var scenario = new FakeRelayScenario();
        var directory = Directory.CreateTempSubdirectory("pychat-ca-");
        try
        {
            var options = scenario.Options with { CaCertificate = null, CaCertificatePath = scenario.Ca.WriteCertificate(directory.FullName) };
            var connecting = PyChatClient.ConnectAsync(options);
            var connection = await scenario.Relay.AcceptAsync();
            await connection.SendAsync(FakeRelayScenario.Hello(scenario.RelayId, new byte[32]));

            await using var client = await connecting;

            client.RelayId.ToArray().Should().Equal(scenario.RelayId);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Connect_WhenNothingListens_RetriesThenFailsWithConnectionException()
    {
        using var ca = new TestCertificateAuthority();
        var port = FreePort();
        var options = PyChatClientOptions.Default with
        {
            RelayUri = new Uri($"wss://127.0.0.1:{port}/ws"),
            CaCertificate = ca.PublicCertificate,
            ConnectRetryAttempts = 2,
            ConnectRetryDelay = TimeSpan.FromMilliseconds(1),
        };

        var connect = () => PyChatClient.ConnectAsync(options);

        await connect.Should().ThrowAsync<PyChatConnectionException>();
    }

    [Fact]
    public async Task Connect_WithoutACa_IsRefusedBeforeDialling()
    {
        var connect = () => PyChatClient.ConnectAsync(PyChatClientOptions.Default);

        await connect.Should().ThrowAsync<ArgumentException>();
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public void PinnedChain_NeverFetchesCertificatesOrRevocationData()
    {
        using var ca = new TestCertificateAuthority();

        using var chain = PyChat.Client.Internal.RelayCertificateValidator.CreatePinnedChain(ca.PublicCertificate);

        chain.ChainPolicy.DisableCertificateDownloads.Should().BeTrue();
        chain.ChainPolicy.RevocationMode.Should().Be(System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck);
        chain.ChainPolicy.TrustMode.Should().Be(System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust);
    }
}
