using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PyChat.Protocol;
using PyChat.Relay.Connections;
using PyChat.Relay.Observability;
using PyChat.Relay.Registry;
using PyChat.Relay.Rooms;

namespace PyChat.Relay.Hosting;

/// <summary>
/// Opens the registry and the rooms before the first connection. When the relay stops, closes every connection with 1012
/// ("restarting, come back"): the relay cannot tell a restart from a stop for good, and the seats are kept away in the
/// room log, so clients that come back to a restarted relay resume where they were. Starts the gauges that read the rooms
/// and the connections.
/// </summary>
internal sealed partial class RelayLifecycle(
    IUserRegistry registry,
    RoomDirectory rooms,
    ConnectionRegistry connections,
    RelayMetrics metrics,
    IHostApplicationLifetime lifetime,
    ILogger<RelayLifecycle> logger) : IHostedService
{
    private CancellationTokenRegistration _stopping;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await registry.InitializeAsync();
        await rooms.InitializeAsync();
        metrics.Observe(rooms, connections);
        _stopping = lifetime.ApplicationStopping.Register(() =>
        {
            Log.ShuttingDown(logger, connections.Count);
            connections.CloseAll(CloseCode.ServiceRestart, "relay restarting, come back");
        });
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.Dispose();
        return Task.CompletedTask;
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.ShuttingDown, LogLevel.Information, "Relay stopping: closing {Count} connections with 1012")]
        public static partial void ShuttingDown(ILogger logger, int count);
    }
}
