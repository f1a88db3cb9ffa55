using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PyChat.Relay.Authentication;
using PyChat.Relay.Certificates;
using PyChat.Relay.Cluster;
using PyChat.Relay.Connections;
using PyChat.Relay.Observability;
using PyChat.Relay.Registry;
using PyChat.Relay.Rooms;

namespace PyChat.Relay.Hosting;

internal static class RelayServiceCollectionExtensions
{
    /// <summary>Registers the relay's parts with TryAdd*, so a host (or a test) can replace any of them first.</summary>
    public static IServiceCollection AddRelay(this IServiceCollection services, IConfiguration configuration, RelayCertificates certificates)
    {
        services.AddOptions<RelayOptions>().Bind(configuration.GetSection(RelayOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(certificates);
        services.TryAddSingleton<IRelayPaths, ContentRootPaths>();
        services.TryAddSingleton<RelayMetrics>();

        services.TryAddSingleton<IUserRegistry>(provider => UserRegistries.Create(
            Options(provider),
            provider.GetRequiredService<IRelayPaths>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILoggerFactory>()));

        services.TryAddSingleton<HelloIssuer>();
        services.TryAddSingleton<FailedLoginThrottle>();
        services.TryAddSingleton<RegistrationThrottle>();
        services.TryAddSingleton<SessionDirectory>();
        services.TryAddSingleton<Authenticator>();

        services.TryAddSingleton<InMemoryRoomLog>();
        services.TryAddSingleton<SqliteRoomLog>();
        services.TryAddSingleton(provider => new RedisConnection(Options(provider).Cluster.Redis!));
        services.TryAddSingleton(provider => new LeaderLease(
            provider.GetRequiredService<RedisConnection>(),
            LeaderLease.ReadOrCreateNodeId(provider.GetRequiredService<IRelayPaths>().Resolve(Options(provider).DataDirectory)),
            Options(provider).Cluster.NodeLease,
            TimeProvider.System, // Redis expires the lease by its own clock: a test's fake clock must not move it
            provider.GetRequiredService<IHostApplicationLifetime>(),
            provider.GetRequiredService<ILogger<LeaderLease>>()));
        services.TryAddSingleton<RedisRoomLog>();
        services.TryAddSingleton<IRoomLog>(provider => Options(provider) switch
        {
            { Cluster.Redis: { Length: > 0 } } => provider.GetRequiredService<RedisRoomLog>(),
            { RoomLog.Storage: RoomLogStorage.Memory } => provider.GetRequiredService<InMemoryRoomLog>(),
            _ => provider.GetRequiredService<SqliteRoomLog>(),
        });
        services.TryAddSingleton<RoomDirectory>();

        services.TryAddSingleton<NodeBus>();
        services.TryAddSingleton<LeaderShadows>();
        services.TryAddSingleton<EdgeForwarding>();
        var clustered = !string.IsNullOrEmpty(configuration[$"{RelayOptions.SectionName}:Cluster:Redis"]);
        if (clustered)
        {
            services.TryAddSingleton<IConnectionForwarding>(provider => provider.GetRequiredService<EdgeForwarding>());
        }
        else
        {
            services.TryAddSingleton<IConnectionForwarding, LocalServing>();
        }

        services.TryAddSingleton<FrameDispatcher>();
        services.TryAddSingleton<ConnectionRegistry>();
        services.TryAddSingleton<ConnectionLoop>();
        services.TryAddSingleton<WebSocketEndpoint>();

        services.AddHostedService<RelayLifecycle>();
        if (clustered)
        {
            services.AddHostedService<ClusterService>(); // after RelayLifecycle: the rooms are open, the lease taken
        }

        return services;
    }

    private static RelayOptions Options(IServiceProvider provider) => provider.GetRequiredService<IOptions<RelayOptions>>().Value;
}
