using PyChat.Client;
using PyChat.Integration.Tests.Support;
using PyChat.TestSupport;
using PyChat.TestSupport.Proxies;
using PyChat.TestSupport.Relays;

namespace PyChat.Integration.Tests.Nginx;

/// <summary>
/// A relay process of its own behind a real nginx running one of deploy/nginx's configurations, both on free
/// loopback ports. Clients dial nginx and pin only the relay's ca.crt, as clients of a deployed relay do.
/// </summary>
public abstract class NginxFrontedRelay : IAsyncLifetime
{
    private readonly TempDirectory _folder = new();
    private int _names;

    public RelayProcess Relay { get; private set; } = null!;

    public NginxProcess Nginx { get; private set; } = null!;

    /// <summary>The relay's endpoint as clients reach it: through nginx.</summary>
    public Uri WebSocketUri => new($"wss://127.0.0.1:{Nginx.Port}/ws");

    public PyChatClientOptions Options => PyChatClientOptions.Default with
    {
        RelayUri = WebSocketUri,
        CaCertificatePath = Relay.CaCertificatePath,
        ConnectTimeout = TimeSpan.FromSeconds(30),
        RequestTimeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>How long nginx lets a connection go without a byte, in the shipped file.</summary>
    public abstract TimeSpan IdleTimeout { get; }

    /// <summary>The relay's configuration for this kind of proxy (the shared contract's Relay:Proxy section).</summary>
    protected abstract string[] ProxyArguments { get; }

    protected string CertificateDirectory => Path.GetDirectoryName(Relay.CaCertificatePath)!;

    public string UniqueName(string prefix) => $"{prefix}-{Interlocked.Increment(ref _names)}";

    public Task<Member> RegisterAsync(string prefix) => Member.RegisterAsync(UniqueName(prefix), Options);

    public async Task InitializeAsync()
    {
        // A failed-login window of an hour: the allowance does not refill while a test counts its way to RateLimited.
        Relay = await RelayProcess.StartAsync(_folder, 4096, ["--Relay:FailedLoginWindow", "01:00:00", .. ProxyArguments]);
        Nginx = await StartNginxAsync(_folder);
    }

    public async Task DisposeAsync()
    {
        if (Nginx is not null)
        {
            await Nginx.DisposeAsync();
        }

        if (Relay is not null)
        {
            await Relay.DisposeAsync();
        }

        _folder.Dispose();
    }

    protected abstract Task<NginxProcess> StartNginxAsync(TempDirectory folder);
}
