using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PyChat.Relay.Certificates;
using PyChat.Relay.Hosting;
using PyChat.Relay.Registry;

namespace PyChat.Relay;

/// <summary>
/// A running relay: the same application <c>dotnet run --project src/Relay</c> starts, for tests,
/// the console client's tests and the benchmark to start in-process.
/// </summary>
public sealed class RelayHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _disposed;

    private RelayHost(WebApplication app, Uri webSocketUri, IReadOnlyList<Uri> managementUris, string caCertificatePath)
    {
        _app = app;
        WebSocketUri = webSocketUri;
        ManagementUris = managementUris;
        CaCertificatePath = caCertificatePath;
    }

    /// <summary>The relay's endpoint, e.g. <c>wss://127.0.0.1:7443/ws</c>, with the port actually bound.</summary>
    public Uri WebSocketUri { get; }

    /// <summary>Where <c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c> answer when <c>Relay:ManagementUrls</c> is set (empty otherwise: on <see cref="WebSocketUri"/>'s port).</summary>
    public IReadOnlyList<Uri> ManagementUris { get; }

    /// <summary>Full path of ca.crt, the certificate clients pin.</summary>
    public string CaCertificatePath { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Builds and starts a relay. <paramref name="args"/> are ordinary command-line arguments, e.g.
    /// <c>["--urls", "https://127.0.0.1:0", "--Relay:DataDirectory", dir, "--Relay:CertificateDirectory", dir2]</c>.
    /// Throws <see cref="RelayStartupException"/> if the configuration or the certificate folder is unusable.
    /// </summary>
    public static Task<RelayHost> StartAsync(string[] args, CancellationToken cancellationToken = default) =>
        StartAsync(args, configureServices: null, cancellationToken);

    /// <summary>As above, letting tests replace services (e.g. the <see cref="TimeProvider"/>) after the relay registered its own.</summary>
    internal static async Task<RelayHost> StartAsync(string[] args, Action<IServiceCollection>? configureServices, CancellationToken cancellationToken = default)
    {
        var app = RelayApplication.Build(args, configureServices);
        try
        {
            // Before Kestrel starts: a registry that cannot be opened (a data folder that cannot be made, a
            // database that cannot be written) fails the start with one message naming it.
            await app.Services.GetRequiredService<IUserRegistry>().InitializeAsync();
            await app.Services.GetRequiredService<Rooms.RoomDirectory>().InitializeAsync();
            var listeners = app.Services.GetRequiredService<RelayListeners>();
            await StartListeningAsync(app, listeners, cancellationToken);
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var certificates = app.Services.GetRequiredService<RelayCertificates>();
            return new RelayHost(app, WebSocketUriOf(addresses, listeners), listeners.ManagementUris(), certificates.AuthorityPath);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    private static async Task StartListeningAsync(WebApplication app, RelayListeners listeners, CancellationToken cancellationToken)
    {
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e)
        {
            // Kestrel's bind failures say it all in one line: "Failed to bind to address https://…: address already in use."
            throw new RelayStartupException(e.Message, e);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            // Not wrapped by Kestrel: a privileged port without the right to bind it, an address this host does not have.
            throw new RelayStartupException($"Cannot listen on {string.Join(", ", [.. listeners.PublicUrls, .. listeners.ManagementUrls])}: {e.Message}", e);
        }
    }

    /// <summary>Stops the relay (closing every connection with 1012; rooms stay in the room log) and releases it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    internal Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>wss://host:port/ws for the first public https address, preferring 127.0.0.1 for loopback and wildcard bindings.</summary>
    private static Uri WebSocketUriOf(ICollection<string> addresses, RelayListeners listeners)
    {
        var bound = addresses
            .Select(a => new Uri(a.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal)))
            .Where(u => !listeners.IsManagement(u))
            .OrderBy(u => u.Scheme == Uri.UriSchemeHttps ? 0 : 1)
            .ThenBy(u => u.Host == "127.0.0.1" ? 0 : 1)
            .FirstOrDefault() ?? throw new RelayStartupException("the relay is not listening on any address");
        var host = bound.Host is "localhost" or "0.0.0.0" or "[::]" ? "127.0.0.1" : bound.Host;
        var scheme = bound.Scheme == Uri.UriSchemeHttps ? "wss" : "ws";
        return new UriBuilder(scheme, host, bound.Port, "/ws").Uri;
    }
}
