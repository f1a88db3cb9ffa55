using FluentAssertions;
using PyChat.Integration.Tests.Support;
using PyChat.TestSupport;
using PyChat.TestSupport.Relays;

namespace PyChat.Integration.Tests.Observability;

/// <summary>
/// <c>Relay:ManagementUrls</c>: the health and metrics endpoints move to a plain-HTTP listener of their own, and the
/// public port serves the WebSocket only.
/// </summary>
public sealed class ManagementPortTests : IAsyncLifetime
{
    private const string ManagementLine = "Health and metrics on ";
    private readonly TempDirectory _folder = new();
    private RelayProcess? _relay;

    [Fact]
    public async Task WithManagementUrls_TheEndpointsAnswerThereOnly_AndThePublicPortSays404()
    {
        // Kept-alive connections may idle through a slow moment without the relay closing them.
        var (relay, management) = await StartAsync("--Relay:HttpKeepAliveTimeout", "00:02:00");
        using var http = new RelayHttp(relay.CaCertificatePath);

        foreach (var path in new[] { "/healthz", "/readyz", "/metrics" })
        {
            (await http.GetAsync(RelayHttp.At(relay.WebSocketUri, path))).Status.Should().Be(404, $"{path} is not on the public port");
            (await http.GetAsync(RelayHttp.At(relay.WebSocketUri, path), host: management.Authority)).Status.Should().Be(404, "a Host header does not make a request a management one");
            (await http.GetAsync(new Uri(management, path))).Status.Should().Be(200, $"{path} is on the management port");
        }

        (await http.GetAsync(new Uri(management, "/metrics"))).Body.Should().Contain("pychat_relay_connections_open");
        (await http.GetAsync(new Uri(management, "/ws"))).Status.Should().Be(404, "the management port serves no WebSocket");
        await using var client = await RelayTestClient.ConnectAsync(relay.WebSocketUri, relay.CaCertificatePath);
        client.Hello.Should().NotBeNull("the public port still serves the WebSocket");
    }

    [Fact]
    public async Task ClientsFillThePerAddressCap_TheManagementPortStillAnswers()
    {
        var (relay, management) = await StartAsync("--Relay:MaxConnectionsPerAddress", "1");
        using var http = new RelayHttp(relay.CaCertificatePath);
        await using var client = await RelayTestClient.ConnectAsync(relay.WebSocketUri, relay.CaCertificatePath); // the one connection 127.0.0.1 may have

        var overTheCap = () => http.GetAsync(RelayHttp.At(relay.WebSocketUri, "/"));
        await overTheCap.Should().ThrowAsync<HttpRequestException>("the public port closes a second connection from the address before TLS");

        (await http.GetAsync(new Uri(management, "/readyz"))).Should().Be((200, "Healthy\n"), "the management listener has no per-address cap");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_relay is not null)
        {
            await _relay.DisposeAsync();
        }

        _folder.Dispose();
    }

    private async Task<(RelayProcess Relay, Uri Management)> StartAsync(params string[] extra)
    {
        _relay = await RelayProcess.StartAsync(_folder, 4096, ["--Relay:ManagementUrls", "http://127.0.0.1:0", .. extra]);
        var line = await _relay.WaitForLineAsync(l => l.StartsWith(ManagementLine, StringComparison.Ordinal));
        var management = new Uri(line[ManagementLine.Length..]);
        management.Port.Should().NotBe(_relay.WebSocketUri.Port);
        return (_relay, management);
    }
}
