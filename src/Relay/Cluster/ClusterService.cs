using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PyChat.Relay.Hosting;
using PyChat.Relay.Rooms;

namespace PyChat.Relay.Cluster;

/// <summary>
/// Joins a relay node to its cluster once the rooms are open (<see cref="RelayLifecycle"/> before it): reads the node's
/// channel, takes the rooms over when it becomes leader, closes the clients it handed to a leader that changed, and, as
/// leader, ends the shadows of nodes that died. Started before Kestrel, so no client comes before.
/// </summary>
internal sealed partial class ClusterService(
    NodeBus bus, LeaderLease lease, LeaderShadows shadows, EdgeForwarding edge, RedisConnection redis, RedisRoomLog log, RoomDirectory rooms,
    TimeProvider time, Microsoft.Extensions.Options.IOptions<RelayOptions> options, ILogger<ClusterService> logger) : IHostedService
{
    private ITimer? _sweep;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        lease.BecameLeader += async () => rooms.Restore(await log.ReadRoomsAsync());
        lease.LeaderChanged += () => edge.CloseAll("cluster leader changed, come back");
        redis.SubscriptionFailed += () =>
        {
            edge.CloseAll("cluster messages lost, come back");
            shadows.DropAll();
        };
        await bus.StartAsync(message =>
        {
            if (message.Kind is NodeMessageKind.Open or NodeMessageKind.Frame or NodeMessageKind.Closed)
            {
                shadows.Handle(message);
            }
            else
            {
                edge.Handle(message);
            }
        });
        var every = options.Value.Cluster.NodeLease / 3;
        _sweep = time.CreateTimer(_ => _ = SweepAsync(), null, every, every);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_sweep is not null)
        {
            await _sweep.DisposeAsync();
        }

        await bus.StopAsync();
    }

    /// <summary>As leader: the clients of a node whose liveness ran out are away now, so they can resume elsewhere.</summary>
    private async Task SweepAsync()
    {
        if (!lease.IsLeader)
        {
            return;
        }

        try
        {
            foreach (var node in shadows.Nodes)
            {
                if (!await lease.IsAliveAsync(node))
                {
                    Log.NodeGone(logger, node);
                    shadows.DropNode(node);
                }
            }
        }
        catch (StackExchange.Redis.RedisException)
        {
            // Redis is away: the next sweep looks again.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.ClusterNodeGone, LogLevel.Warning, "Relay node {Node} stopped renewing its liveness: its clients' seats are away until they resume")]
        public static partial void NodeGone(ILogger logger, string node);
    }
}
