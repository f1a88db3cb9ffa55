using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PyChat.Relay.Authentication;
using PyChat.Relay.Certificates;
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
            provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<RelayOptions>>().Value,
            provider.GetRequiredService<IRelayPaths>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>()));

        services.TryAddSingleton<HelloIssuer>();
        services.TryAddSingleton<FailedLoginThrottle>();
        services.TryAddSingleton<RegistrationThrottle>();
        services.TryAddSingleton<SessionDirectory>();
        services.TryAddSingleton<Authenticator>();

        services.TryAddSingleton<InMemoryRoomLog>();
        services.TryAddSingleton<SqliteRoomLog>();
        services.TryAddSingleton<IRoomLog>(provider =>
            provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<RelayOptions>>().Value.RoomLog.Storage == RoomLogStorage.Memory
                ? provider.GetRequiredService<InMemoryRoomLog>()
                : provider.GetRequiredService<SqliteRoomLog>());
        services.TryAddSingleton<RoomDirectory>();

        services.TryAddSingleton<FrameDispatcher>();
        services.TryAddSingleton<ConnectionRegistry>();
        services.TryAddSingleton<ConnectionLoop>();
        services.TryAddSingleton<WebSocketEndpoint>();

        services.AddHostedService<RelayLifecycle>();
        return services;
    }
}
