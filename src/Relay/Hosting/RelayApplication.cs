using System.Security.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using PyChat.Relay.Admission;
using PyChat.Relay.Certificates;
using PyChat.Relay.Connections;
using PyChat.Relay.Observability;
using PyChat.Relay.Proxying;

namespace PyChat.Relay.Hosting;

/// <summary>Builds the relay's web application; the console program and <see cref="RelayHost"/> share it.</summary>
internal static partial class RelayApplication
{
    /// <summary>Where the relay listens when nothing else is configured (appsettings.json says the same).</summary>
    public const string DefaultUrls = "https://localhost:7443";

    /// <summary>
    /// A builder with the usual ASP.NET Core configuration (appsettings.json, environment variables,
    /// command line). The appsettings.json shipped next to the binary is read first, so the defaults
    /// hold whatever the working directory is; one in the content root overrides it.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = LoggingDefaults });
        builder.Configuration.Sources.Insert(1, new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
        {
            FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
            Path = "appsettings.json",
            Optional = true,
            ReloadOnChange = false,
        });
        return builder;
    }

    /// <summary>
    /// The lowest-priority logging settings, so they hold even without appsettings.json. ASP.NET Core logs every request
    /// at Information (hosting, routing) and Kestrel every rejected connection at Warning: an anonymous client
    /// would decide how much the relay writes. Kestrel's connection category goes to Error for that reason.
    /// Console lines are one line per entry, each starting with its UTC time; <c>FormatterName=json</c> makes each a JSON object.
    /// </summary>
    private static readonly Dictionary<string, string?> LoggingDefaults = new()
    {
        ["Logging:Console:FormatterName"] = ConsoleFormatterNames.Simple,
        ["Logging:Console:FormatterOptions:SingleLine"] = "true",
        ["Logging:Console:FormatterOptions:TimestampFormat"] = TimestampFormat,
        ["Logging:Console:FormatterOptions:UseUtcTimestamp"] = "true",
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Microsoft.AspNetCore.Server.Kestrel.Connections"] = "Error",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
        // The host logs a failed start as an error with a stack trace; the relay reports it itself, in one line.
        ["Logging:LogLevel:Microsoft.Extensions.Hosting.Internal.Host"] = "Critical",
    };

    /// <summary>ISO 8601 in UTC to the millisecond. The space ends it on a simple line; the JSON formatter trims it.</summary>
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ";

    public static RelayOptions ReadOptions(WebApplicationBuilder builder)
    {
        var options = new RelayOptions();
        builder.Configuration.GetSection(RelayOptions.SectionName).Bind(options);
        return options;
    }

    public static CertificateFiles CertificateFilesOf(WebApplicationBuilder builder, RelayOptions options) =>
        new(Path.GetFullPath(options.CertificateDirectory, builder.Environment.ContentRootPath));

    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices)
    {
        var builder = CreateBuilder(args);
        var options = ReadOptions(builder);
        Validate(options);
        var listeners = RelayListeners.Read(builder.Configuration, options); // before the certificates: a bad address creates nothing
        var proxies = KnownProxies.From(options.Proxy);
        var certificates = CertificateStore.LoadOrCreate(CertificateFilesOf(builder, options), options.HostNames, TimeProvider.System);
        if (!certificates.Succeeded)
        {
            throw new RelayStartupException(certificates.Message);
        }

        var budget = ConnectionBudget.From(options, OpenFileLimit.Read());
        var perAddress = new ConnectionsPerAddress(options.MaxConnectionsPerAddress);
        builder.Services.AddSingleton(budget);
        builder.Services.AddSingleton(perAddress);
        builder.Services.AddSingleton(proxies);
        builder.Services.AddSingleton(listeners);
        builder.Services.AddRelay(builder.Configuration, certificates.Certificates!);
        builder.Services.AddRelayObservability();
        builder.Services.PostConfigure<JsonConsoleFormatterOptions>(json => json.TimestampFormat = json.TimestampFormat?.TrimEnd());
        configureServices?.Invoke(builder.Services);
        ConfigureKestrel(builder, certificates.Certificates!, options, budget, perAddress, proxies, listeners);
        ListenersOnlyServer.Wrap(builder.Services);

        var app = builder.Build();
        if (listeners.HasManagement)
        {
            // First, and a branch of its own: a management request never reaches the WebSocket, and nothing else answers it.
            app.MapWhen(ManagementConnection.Is, ManagementEndpoints.MapAlone);
        }
        else
        {
            ManagementEndpoints.Map(app);
        }

        if (options.Proxy.ForwardedHeaders)
        {
            app.UseForwardedClientAddresses(proxies); // first: everything after it sees the client, not the proxy
        }

        app.UseMiddleware<SendBatchingMiddleware>(); // before UseWebSockets, which captures the upgrade feature
        app.UseWebSockets();
        app.Map(WebSocketEndpoint.Path, app.Services.GetRequiredService<WebSocketEndpoint>().InvokeAsync);
        LogConnectionLimits(app.Logger, budget, options);
        ProxyTrustLog.Write(app.Logger, options.Proxy, proxies);
        var authorityPath = certificates.Certificates!.AuthorityPath;
        switch (certificates.Outcome)
        {
            case CertificateOutcome.Created:
                Log.CertificatesCreated(app.Logger, authorityPath);
                break;
            case CertificateOutcome.ServerIssued:
                Log.ServerCertificateIssued(app.Logger, authorityPath);
                break;
            default:
                Log.CertificatesLoaded(app.Logger, authorityPath);
                break;
        }

        return app;
    }

    private static void LogConnectionLimits(ILogger logger, ConnectionBudget budget, RelayOptions options)
    {
        Log.ConnectionLimits(logger, budget.Connections, budget.UpgradedConnections, options.MaxConnectionsPerAddress, budget.OpenFileLimit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none");
        if (budget.Disagreement is not null)
        {
            Log.ConnectionLimitsExceedOpenFiles(logger, budget.Disagreement);
        }
    }

    private static void ConfigureKestrel(WebApplicationBuilder builder, RelayCertificates certificates, RelayOptions options, ConnectionBudget budget, ConnectionsPerAddress perAddress, KnownProxies proxies, RelayListeners listeners)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxConcurrentConnections = budget.Connections;
            kestrel.Limits.MaxConcurrentUpgradedConnections = budget.UpgradedConnections;
            // Kestrel holds an idle connection that never upgrades for 130 s by default: a cheap way to pin the relay's files.
            kestrel.Limits.KeepAliveTimeout = options.HttpKeepAliveTimeout;
            kestrel.Limits.RequestHeadersTimeout = options.RequestHeadersTimeout;
            // HTTP/1.1 only: a WebSocket over HTTP/2 (RFC 8441) would bypass the relay's send batching
            // (SendBatchingMiddleware hooks the HTTP/1.1 upgrade), and the relay serves nothing else. ALPN then offers http/1.1.
            kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http1);
            kestrel.ConfigureHttpsDefaults(https =>
            {
                https.ServerCertificate = certificates.Server;
                // The full chain (server + CA), so a client that pins the CA can build it from the handshake alone.
                https.ServerCertificateChain = certificates.Chain;
                https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
                https.HandshakeTimeout = options.TlsHandshakeTimeout;
                https.OnAuthenticate = (_, ssl) => TlsCipherSuites.Apply(ssl);
            });
            listeners.Listen(kestrel, listen =>
            {
                // Added before the HTTPS adapter, so these run before TLS, in this order: the PROXY header first, so the
                // per-address cap counts the client it names.
                var services = listen.ApplicationServices;
                if (options.Proxy.ProxyProtocol)
                {
                    var proxyLogger = services.GetRequiredService<ILogger<ProxyProtocolMiddleware>>();
                    var time = services.GetRequiredService<TimeProvider>();
                    listen.Use(next => new ProxyProtocolMiddleware(next, proxies, options.TlsHandshakeTimeout, time, proxyLogger).OnConnectionAsync);
                }

                var logger = services.GetRequiredService<ILogger<PerAddressConnectionMiddleware>>();
                listen.Use(next => new PerAddressConnectionMiddleware(next, perAddress, proxies, logger).OnConnectionAsync);
            });
        });
    }

    private static void Validate(RelayOptions options)
    {
        static void Require(bool condition, string message)
        {
            if (!condition)
            {
                throw new RelayStartupException(message);
            }
        }

        Require(options.MaxFrameBytes is >= 1024 and <= 16 * 1024 * 1024, "Relay:MaxFrameBytes must be between 1024 and 16777216");
        Require(options.SendQueueCapacity > 0, "Relay:SendQueueCapacity must be positive");
        Require(options.SendQueueBytes >= options.MaxFrameBytes, "Relay:SendQueueBytes must hold at least one frame of Relay:MaxFrameBytes");
        Require(options.FramesPerSecond > 0 && options.FrameBurst > 0 && options.FloodTolerance > 0,
            "Relay:FramesPerSecond, Relay:FrameBurst and Relay:FloodTolerance must be positive");
        Require(options.FailedLoginsPerAddress > 0 && options.FailedLoginsPerAddressAndUser > 0 && options.FailedLoginWindow > TimeSpan.Zero,
            "Relay:FailedLoginsPerAddress, Relay:FailedLoginsPerAddressAndUser and Relay:FailedLoginWindow must be positive");
        Require(options.RegistrationsPerAddress > 0 && options.RegistrationWindow > TimeSpan.Zero,
            "Relay:RegistrationsPerAddress and Relay:RegistrationWindow must be positive");
        Require(options.MaxRoomsPerConnection > 0 && options.MaxRooms > 0, "Relay:MaxRoomsPerConnection and Relay:MaxRooms must be positive");
        Require(options.MaxFailedLoginsPerConnection > 0, "Relay:MaxFailedLoginsPerConnection must be positive");
        Require(options.LoginTimeout > TimeSpan.Zero && options.CloseTimeout > TimeSpan.Zero, "Relay:LoginTimeout and Relay:CloseTimeout must be positive");
        Require(options.KeepAliveInterval > TimeSpan.Zero && options.KeepAliveInterval <= TimeSpan.FromSeconds(30),
            "Relay:KeepAliveInterval must be positive and at most 30 seconds");
        Require(options.KeepAliveTimeout > TimeSpan.Zero, "Relay:KeepAliveTimeout must be positive");
        Require(options.MaxConcurrentConnections is null or > 0 && options.MaxConcurrentUpgradedConnections is null or > 0,
            "Relay:MaxConcurrentConnections and Relay:MaxConcurrentUpgradedConnections must be positive");
        Require(options.MaxRegistryBytes >= 0, "Relay:MaxRegistryBytes must be 0 (no cap) or positive");
        Require(options.MaxConnectionsPerAddress >= 0, "Relay:MaxConnectionsPerAddress must be 0 (off) or positive");
        Require(options.TlsHandshakeTimeout > TimeSpan.Zero && options.RequestHeadersTimeout > TimeSpan.Zero && options.HttpKeepAliveTimeout > TimeSpan.Zero,
            "Relay:TlsHandshakeTimeout, Relay:RequestHeadersTimeout and Relay:HttpKeepAliveTimeout must be positive");
        Require(options.AwayGracePeriod >= TimeSpan.Zero, "Relay:AwayGracePeriod must not be negative");
        Require(options.RoomLog.MaxFrames > 0 && options.RoomLog.MaxBytes >= options.MaxFrameBytes,
            "Relay:RoomLog:MaxFrames must be positive and Relay:RoomLog:MaxBytes must hold at least one frame of Relay:MaxFrameBytes");
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.ConnectionLimits, LogLevel.Information, "Connection limits: {Connections} before the WebSocket upgrade, {Upgraded} WebSockets, {PerAddress} per address (0: no cap); open-file limit {OpenFileLimit}")]
        public static partial void ConnectionLimits(ILogger logger, long connections, long upgraded, int perAddress, string openFileLimit);

        [LoggerMessage(EventIds.ConnectionLimitsExceedOpenFiles, LogLevel.Warning, "{Disagreement}")]
        public static partial void ConnectionLimitsExceedOpenFiles(ILogger logger, string disagreement);

        [LoggerMessage(EventIds.CertificatesCreated, LogLevel.Warning, "Created a new relay CA and server certificate; clients must pin {CaCertificate}")]
        public static partial void CertificatesCreated(ILogger logger, string caCertificate);

        [LoggerMessage(EventIds.ServerCertificateIssued, LogLevel.Information, "Issued a new server certificate from the CA; clients pin {CaCertificate}")]
        public static partial void ServerCertificateIssued(ILogger logger, string caCertificate);

        [LoggerMessage(EventIds.CertificatesLoaded, LogLevel.Information, "Loaded the certificates; clients pin {CaCertificate}")]
        public static partial void CertificatesLoaded(ILogger logger, string caCertificate);
    }
}
