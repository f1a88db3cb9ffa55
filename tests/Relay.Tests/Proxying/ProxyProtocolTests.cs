using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using PyChat.Protocol;
using PyChat.Protocol.Frames;
using PyChat.Relay.Tests.Admission;
using PyChat.Relay.Tests.Connections;
using PyChat.TestSupport;
using PyChat.TestSupport.Network;

namespace PyChat.Relay.Tests.Proxying;

/// <summary>A real relay on loopback with <c>Relay:Proxy:ProxyProtocol</c>, and loopback as its known proxy unless a test says otherwise.</summary>
public sealed class ProxyProtocolTests
{
    private static readonly string[] LoopbackIsTheProxy = ["--Relay:Proxy:ProxyProtocol", "true", "--Relay:Proxy:KnownProxies:0", "127.0.0.1"];

    [Fact]
    public async Task FailedLogins_ThroughTheProxy_LockOutTheAddressInTheHeader_NotTheProxysOtherClients()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var relay = await TestRelay.StartAsync(time, [.. LoopbackIsTheProxy, "--Relay:FailedLoginsPerAddress", "4"]);
        var alice = relay.Identity("alice");
        await using (var registering = await ProxiedClient.WithHeaderAsync(relay, ProxyProtocolHeaders.V2(ProxiedClient.Neighbour)))
        {
            (await registering.RegisterAsync(alice)).Should().BeOfType<OkFrame>();
        }

        var wrongKey = relay.Identity("alice");
        foreach (var header in new[] { ProxyProtocolHeaders.V1(ProxiedClient.Guesser), ProxyProtocolHeaders.V2(ProxiedClient.Guesser) })
        {
            await using var guesser = await ProxiedClient.WithHeaderAsync(relay, header);
            for (var i = 0; i < 2; i++)
            {
                (await guesser.LoginAsync(wrongKey)).Should().BeOfType<ErrorFrame>().Which.Code.Should().Be(ErrorCode.AuthenticationFailed);
                await guesser.ReceiveAsync<HelloFrame>();
            }
        }

        await using var limited = await ProxiedClient.WithHeaderAsync(relay, ProxyProtocolHeaders.V1(ProxiedClient.Guesser));
        (await limited.LoginAsync(alice)).Should().BeOfType<ErrorFrame>().Which.Code.Should().Be(ErrorCode.RateLimited, "203.0.113.7 used up its failed logins");
        await using var neighbour = await ProxiedClient.WithHeaderAsync(relay, ProxyProtocolHeaders.V1(ProxiedClient.Neighbour));
        (await neighbour.LoginAsync(alice)).Should().BeOfType<OkFrame>("203.0.113.8 comes through the same proxy but is another client");
    }

    [Fact]
    public async Task ThePerAddressCap_CountsTheAddressInTheHeader()
    {
        await using var relay = await TestRelay.StartAsync(null, [.. LoopbackIsTheProxy, "--Relay:MaxConnectionsPerAddress", "2"]);
        await using var first = await ProxiedClient.WithHeaderAsync(relay, ProxyProtocolHeaders.V1(ProxiedClient.Guesser));
        await using var second = await ProxiedClient.WithHeaderAsync(relay, ProxyProtocolHeaders.V2(ProxiedClient.Guesser));

        var third = () => ProxiedClient.WithHeaderAsync(relay, ProxyProtocolHeaders.V1(ProxiedClient.Guesser));
        await third.Should().ThrowAsync<Exception>("203.0.113.7 already has its two connections");
        await using var neighbour = await ProxiedClient.WithHeaderAsync(relay, ProxyProtocolHeaders.V1(ProxiedClient.Neighbour));
        neighbour.Hello.Should().NotBeNull("203.0.113.8 has none yet, though the proxy holds three");
    }

    [Fact]
    public async Task LogLines_NameTheClientInTheHeader()
    {
        var log = new RecordingLoggerProvider();
        await using var relay = await TestRelay.StartRecordingLogAsync(log, [.. LoopbackIsTheProxy, "--Logging:LogLevel:PyChat.Relay", "Debug"]);

        await using var client = await ProxiedClient.WithHeaderAsync(relay, ProxyProtocolHeaders.V1(ProxiedClient.Guesser));

        log.Lines.Should().Contain(line => line.Contains("opened from 203.0.113.7", StringComparison.Ordinal))
            .And.NotContain(line => line.Contains("opened from 127.0.0.1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AProxysOwnConnection_V2LocalOrV1Unknown_IsServedAsTheProxy()
    {
        await using var relay = await TestRelay.StartAsync(null, LoopbackIsTheProxy);

        await using var local = await ProxiedClient.WithHeaderAsync(relay, ProxyProtocolHeaders.V2Local());
        await using var unknown = await ProxiedClient.WithHeaderAsync(relay, ProxyProtocolHeaders.V1Unknown());

        (await local.RegisterAsync(relay.Identity("health"))).Should().BeOfType<OkFrame>();
        unknown.Hello.Should().NotBeNull();
    }

    [Fact]
    public async Task AKnownProxy_WithoutAHeader_IsClosedBeforeTls()
    {
        await using var relay = await TestRelay.StartAsync(null, LoopbackIsTheProxy);
        using var authority = X509CertificateLoader.LoadCertificateFromFile(relay.Host.CaCertificatePath);

        var stream = await TlsFlood.TryConnectAsync(relay.Host.WebSocketUri.Port, authority);

        stream.Should().BeNull("a ClientHello is not a PROXY header");
    }

    [Fact]
    public async Task APeerThatIsNotAKnownProxy_SendingAHeader_IsNotBelieved_ButReachesTlsAsGarbage()
    {
        await using var relay = await TestRelay.StartAsync(null, "--Relay:Proxy:ProxyProtocol", "true", "--Relay:Proxy:KnownProxies:0", "192.0.2.10");

        var spoofing = () => ProxiedClient.WithHeaderAsync(relay, ProxyProtocolHeaders.V1(ProxiedClient.Guesser));

        await spoofing.Should().ThrowAsync<Exception>("only 192.0.2.10 may send a PROXY header; from anyone else it is the start of a broken handshake");
        (await relay.ConnectAsync()).Hello.Should().NotBeNull("a direct client sends no header and needs none");
    }

    [Fact]
    public async Task AKnownProxys_MalformedHeader_ClosesThatConnection_LoggingNoneOfItsBytes()
    {
        var log = new RecordingLoggerProvider();
        await using var relay = await TestRelay.StartRecordingLogAsync(log, [.. LoopbackIsTheProxy, "--Logging:LogLevel:PyChat.Relay.Proxying", "Debug"]);
        using var guard = new CancellationTokenSource(RelayTestClient.Guard);
        using var socket = await ConnectAndSendAsync(relay, "PROXY TCP4 203.0.113.7 192.0.2.1 51234 443 extra\r\n", guard.Token);

        (await ReadToEndAsync(socket, guard.Token)).Should().Be(0, "the relay sends nothing before it closes");

        await WaitForAsync(() => log.Lines.Any(line => line.Contains("from proxy 127.0.0.1 before TLS: PROXY protocol header Malformed", StringComparison.Ordinal)), guard.Token);
        log.Lines.Should().NotContain(line => line.Contains("203.0.113.7", StringComparison.Ordinal), "the header's bytes are never logged");
    }

    [Fact]
    public async Task AKnownProxys_HeaderNotCompleteWithinTheHandshakeTimeout_ClosesThatConnection()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var log = new RecordingLoggerProvider();
        await using var relay = await TestRelay.StartAsync(
            time,
            services => services.AddSingleton<ILoggerProvider>(log),
            [.. LoopbackIsTheProxy, "--Logging:LogLevel:PyChat.Relay.Proxying", "Debug"]);
        using var guard = new CancellationTokenSource(RelayTestClient.Guard);
        using var socket = await ConnectAndSendAsync(relay, "PROXY TCP4 203.0.113.7", guard.Token);

        var closed = ReadToEndAsync(socket, guard.Token);
        while (!closed.IsCompleted)
        {
            // The relay's clock is fake: the header's deadline passes only when the test moves it. The deadline is set
            // when the relay accepts the connection, which the test cannot see, so it moves the clock until the close.
            time.Advance(TimeSpan.FromSeconds(10));
            await Task.WhenAny(closed, Task.Delay(TimeSpan.FromMilliseconds(50), guard.Token));
        }

        (await closed).Should().Be(0);
        await WaitForAsync(() => log.Lines.Any(line => line.Contains("PROXY protocol header TimedOut", StringComparison.Ordinal)), guard.Token);
    }

    [Fact]
    public async Task TheHeaderMayArriveInPieces_AndTheBytesAfterItReachTlsUntouched()
    {
        await using var relay = await TestRelay.StartAsync(null, LoopbackIsTheProxy);
        var header = ProxyProtocolHeaders.V2(ProxiedClient.Guesser, ProxyProtocolHeaders.Tlv(0x01, "http/1.1"u8));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var guard = new CancellationTokenSource(RelayTestClient.Guard);
        await socket.ConnectAsync(IPAddress.Loopback, relay.Host.WebSocketUri.Port, guard.Token);
        foreach (var piece in header.Chunk(7))
        {
            await socket.SendAsync(piece, SocketFlags.None, guard.Token);
            await Task.Yield();
        }

        using var authority = X509CertificateLoader.LoadCertificateFromFile(relay.Host.CaCertificatePath);
        await using var tls = new System.Net.Security.SslStream(new NetworkStream(socket, ownsSocket: false));
        await tls.AuthenticateAsClientAsync(
            new System.Net.Security.SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                RemoteCertificateValidationCallback = (_, certificate, _, errors) => RelayTestClient.IsPinned(authority, certificate, errors),
            },
            guard.Token);

        tls.IsAuthenticated.Should().BeTrue();
    }

    private static async Task<Socket> ConnectAndSendAsync(TestRelay relay, string sent, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, relay.Host.WebSocketUri.Port, cancellationToken);
        await socket.SendAsync(System.Text.Encoding.ASCII.GetBytes(sent), SocketFlags.None, cancellationToken);
        return socket;
    }

    private static async Task<int> ReadToEndAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[1024];
        var total = 0;
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken)) > 0)
            {
                total += read;
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
        }

        return total;
    }

    /// <summary>The relay logs the refusal and closes in either order, as seen from the test: wait for the line.</summary>
    private static async Task WaitForAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }
    }
}
