using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PyChat.Protocol;
using PyChat.Relay.Connections;
using PyChat.Relay.Registry;

namespace PyChat.Relay.Hosting;

/// <summary>Opens the registry before the first connection and closes every connection with 1001 when the relay stops.</summary>
internal sealed partial class RelayLifecycle(
    IUserRegistry registry,
    ConnectionRegistry connections,
    IHostApplicationLifetime lifetime,
    ILogger<RelayLifecycle> logger) : IHostedService
{
    private CancellationTokenRegistration _stopping;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await registry.InitializeAsync();
        _stopping = lifetime.ApplicationStopping.Register(() =>
        {
            Log.ShuttingDown(logger, connections.Count);
            connections.CloseAll(CloseCode.GoingAway, "relay shutting down");
        });
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.Dispose();
        return Task.CompletedTask;
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.ShuttingDown, LogLevel.Information, "Relay stopping: closing {Count} connections with 1001")]
        public static partial void ShuttingDown(ILogger logger, int count);
    }
}
