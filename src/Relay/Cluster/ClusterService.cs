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
internal sealed partial class ClusterService : IHostedService
{
    private readonly NodeBus _bus;
    private readonly LeaderLease _lease;
    private readonly LeaderShadows _shadows;
    private readonly EdgeForwarding _edge;
    private readonly TimeProvider _time;
    private readonly TimeSpan _sweepEvery;
    private readonly ILogger<ClusterService> _logger;
    private ITimer? _sweep;
    private int _lost;

    public ClusterService(
        NodeBus bus, LeaderLease lease, LeaderShadows shadows, EdgeForwarding edge, RedisConnection redis, RedisRoomLog log, RoomDirectory rooms,
        Microsoft.Extensions.Options.IOptions<RelayOptions> options, ILogger<ClusterService> logger)
    {
        _bus = bus;
        _lease = lease;
        _shadows = shadows;
        _edge = edge;
        _time = TimeProvider.System; // liveness in Redis expires by Redis's clock, as the lease does
        _sweepEvery = options.Value.Cluster.NodeLease / 3;
        _logger = logger;

        // In the constructor: the host makes every hosted service before starting the first, and the lease starts
        // renewing (and may take over) while RelayLifecycle opens the rooms, before this service starts.
        lease.BecameLeader += async () => rooms.Restore(await log.ReadRoomsAsync());
        lease.LeaderChanged += () => edge.CloseAll("cluster leader changed, come back");
        redis.MessagesMayBeLost += () =>
        {
            edge.CloseAll("cluster messages lost, come back");
            Volatile.Write(ref _lost, 1);
        };
        redis.Restored += () =>
        {
            if (Interlocked.Exchange(ref _lost, 0) == 1)
            {
                shadows.DropAll();
            }
        };
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _bus.StartAsync(message =>
        {
            switch (message.Kind)
            {
                case NodeMessageKind.Open or NodeMessageKind.Frame or NodeMessageKind.Closed when _lease.IsLeader:
                    _shadows.Handle(message);
                    break;
                case NodeMessageKind.Started when _lease.IsLeader:
                    _shadows.Restarted(message.FromNode);
                    break;
                case NodeMessageKind.Open or NodeMessageKind.Frame:
                    // Not (or not yet) the leader: the client comes back, and finds the rooms wherever they are served.
                    _shadows.SendBack(message);
                    break;
                case NodeMessageKind.Frames or NodeMessageKind.Close:
                    _edge.Handle(message);
                    break;
            }
        });
        if (!_lease.IsLeader && _lease.Leader is { } leader)
        {
            // Before Kestrel takes the first client: the leader ends this node's earlier process's clients first.
            _bus.Send(leader, NodeMessageKind.Started, 0, []);
        }

        _sweep = _time.CreateTimer(_ => _ = SweepAsync(), null, _sweepEvery, _sweepEvery);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_sweep is not null)
        {
            await _sweep.DisposeAsync();
        }

        await _bus.StopAsync();
    }

    /// <summary>As leader: the clients of a node whose liveness ran out are away now, so they can resume elsewhere.</summary>
    private async Task SweepAsync()
    {
        if (!_lease.IsLeader)
        {
            return;
        }

        try
        {
            foreach (var node in _shadows.Nodes)
            {
                if (!await _lease.IsAliveAsync(node))
                {
                    Log.NodeGone(_logger, node);
                    _shadows.DropNode(node);
                }
            }
        }
        catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
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
