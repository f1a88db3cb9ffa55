using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace PyChat.Relay.Cluster;

/// <summary>
/// Which node of a cluster serves the rooms: the one holding the lease <see cref="RedisKeys.NodeLease"/> (its id, with
/// a time to live of <c>Relay:Cluster:NodeLease</c>, renewed every third of it). Every room script checks the lease
/// (<see cref="RedisScripts"/>), so two nodes can never both change a room. The other nodes are edges: they hold
/// client connections and hand their frames to the leader (docs/CLUSTER.md). An edge tries to take the lease at every
/// renewal, so when the leader dies, one edge takes over within a lease. The node id is kept in the data folder, so a
/// restarted leader takes its own lease back at once. A leader that finds its lease taken stops (it was frozen or cut
/// off past the lease, and another node serves the rooms now); its clients come back elsewhere.
/// </summary>
internal sealed partial class LeaderLease : IAsyncDisposable
{
    private readonly RedisConnection _redis;
    private readonly TimeSpan _lease;
    private readonly TimeProvider _time;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<LeaderLease> _logger;
    private readonly string _instance = Guid.NewGuid().ToString("N");
    private ITimer? _renewal;
    private int _renewing;
    private volatile string? _leader;
    private bool _markedAlive;

    public LeaderLease(RedisConnection redis, string nodeId, TimeSpan lease, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<LeaderLease> logger)
    {
        _redis = redis;
        NodeId = nodeId;
        _lease = lease;
        _time = time;
        _lifetime = lifetime;
        _logger = logger;
        Address = $"{nodeId}/{_instance}";
    }

    public string NodeId { get; }

    /// <summary>
    /// This process: the node id and a token of its own. The lease holds it and every room script checks it, so an
    /// earlier process of the same node (still stopping, or frozen) can change nothing; nodes' messages are addressed
    /// to it, so a restarted node's connections are never taken for its predecessor's.
    /// </summary>
    public string Address { get; }

    /// <summary>The leader's address as this node last saw it (its own when it leads), or null when no node leads.</summary>
    public string? Leader => _leader;

    /// <summary>True once this process serves the rooms (after it restored them, when it took over).</summary>
    public bool IsLeader => _leader == Address;

    /// <summary>This node took the lease over from a leader that is gone: it serves the rooms from now on.</summary>
    public event Func<Task>? BecameLeader;

    /// <summary>Another node leads now (or none): the clients this node handed to the old leader must come back.</summary>
    public event Action? LeaderChanged;

    /// <summary>Tries once to lead, then keeps renewing (as leader) or watching (as edge).</summary>
    /// <returns>True if this node leads.</returns>
    public async Task<bool> StartAsync()
    {
        var leads = await TryTakeAsync();
        _leader = leads ? Address : await HolderAsync();
        if (leads)
        {
            Log.Leading(_logger, NodeId);
        }
        else
        {
            Log.Following(_logger, NodeId, _leader ?? "none");
        }

        await MarkAliveAsync();
        _renewal = _time.CreateTimer(_ => _ = RenewAsync(), null, _lease / 3, _lease / 3);
        return leads;
    }

    /// <summary>True if the process at <paramref name="address"/> renewed its node's liveness within the last lease.</summary>
    public async Task<bool> IsAliveAsync(string address)
    {
        var slash = address.LastIndexOf('/');
        return slash > 0 && await _redis.Database.StringGetAsync(RedisKeys.Alive(address[..slash])) == address[(slash + 1)..];
    }

    public async ValueTask DisposeAsync()
    {
        if (_renewal is null)
        {
            return;
        }

        await _renewal.DisposeAsync();
        try
        {
            await _redis.Database.ScriptEvaluateAsync(RedisScripts.ReleaseLease, [RedisKeys.NodeLease, RedisKeys.Alive(NodeId)], [Address, _instance]);
        }
        catch (RedisException)
        {
            // Unreachable: the lease runs out by itself.
        }
    }

    private async Task<bool> TryTakeAsync() => await TakeAsync() > 0;

    /// <summary>2: held (renewed, or taken back with nobody leading meanwhile); 1: newly taken; 0: another node holds it.</summary>
    private async Task<int> TakeAsync() =>
        (int)await _redis.Database.ScriptEvaluateAsync(
            RedisScripts.TakeLease, [RedisKeys.NodeLease, RedisKeys.LastLeader], [Address, (long)_lease.TotalMilliseconds, NodeId + "/"]);

    private async Task<string?> HolderAsync() => await _redis.Database.StringGetAsync(RedisKeys.NodeLease);

    /// <summary>
    /// Renews this node's liveness with this process's own token. Finding another token there after the first renewal
    /// means a second process runs with the same node id (two nodes given one data folder): both would lead, so this
    /// one stops, loudly. At the first renewal another token is a predecessor that crashed, and is taken over.
    /// </summary>
    private async Task MarkAliveAsync()
    {
        var previous = await _redis.Database.StringSetAndGetAsync(RedisKeys.Alive(NodeId), _instance, _lease);
        if (_markedAlive && !previous.IsNull && previous != _instance)
        {
            Log.Twin(_logger, NodeId);
            _lifetime.StopApplication();
        }

        _markedAlive = true;
    }

    private async Task RenewAsync()
    {
        if (Interlocked.Exchange(ref _renewing, 1) == 1)
        {
            return;
        }

        var wasLeader = IsLeader;
        try
        {
            await MarkAliveAsync();
            var taken = await TakeAsync();
            if (wasLeader && taken == 1)
            {
                // The lease ran out and another node took it before this one got it back: that node may have changed the
                // rooms meanwhile, so the rooms in this process's memory are behind Redis. It must not lead with them.
                Log.Expired(_logger, _redis.Location);
                _lifetime.StopApplication();
                return;
            }

            if (taken > 0)
            {
                if (!wasLeader)
                {
                    Log.TookOver(_logger, NodeId);
                    // The rooms first, then the role: until they are back, this node answers its clients' and the
                    // other nodes' room frames with 1012 (come back), so none can act on rooms that are not here yet.
                    if (BecameLeader is { } became)
                    {
                        await became();
                    }

                    _leader = Address;
                    LeaderChanged?.Invoke();
                }

                return;
            }

            var holder = await HolderAsync();
            if (wasLeader)
            {
                Log.Lost(_logger, _redis.Location);
                _leader = holder;
                _lifetime.StopApplication();
            }
            else if (holder != _leader)
            {
                _leader = holder;
                Log.Following(_logger, NodeId, holder ?? "none");
                LeaderChanged?.Invoke();
            }
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // Redis is away: writes fail meanwhile (/readyz says so); the next renewal tries again.
            Log.RenewalFailed(_logger, _redis.Location, e.GetType().Name);
        }
        catch (Exception e)
        {
            // Taking the rooms over failed (a value in Redis it cannot read): a node that holds the lease without serving
            // would leave every room unserved, so it stops, and another node takes over.
            Log.TakeOverFailed(_logger, e.GetType().Name);
            _lifetime.StopApplication();
        }
        finally
        {
            Volatile.Write(ref _renewing, 0);
        }
    }

    /// <summary>The node's id in <paramref name="dataDirectory"/>, made on first use: a restarted node is the same node.</summary>
    public static string ReadOrCreateNodeId(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, "node-id");
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        Directory.CreateDirectory(dataDirectory);
        var id = string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}-{Guid.NewGuid():N}");
        File.WriteAllText(path, id + "\n");
        return id;
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.ClusterLeading, LogLevel.Information, "This relay node ({Node}) leads the cluster: it serves the rooms")]
        public static partial void Leading(ILogger logger, string node);

        [LoggerMessage(EventIds.ClusterFollowing, LogLevel.Information, "This relay node ({Node}) hands its clients' frames to the leader, {Leader}")]
        public static partial void Following(ILogger logger, string node, string leader);

        [LoggerMessage(EventIds.ClusterTookOver, LogLevel.Warning, "This relay node ({Node}) took over the rooms: the leader's lease ran out")]
        public static partial void TookOver(ILogger logger, string node);

        [LoggerMessage(EventIds.ClusterLeaseLost, LogLevel.Critical, "Another relay node took over the rooms in Redis ({Location}): this node stops, and its clients come back on that one")]
        public static partial void Lost(ILogger logger, string location);

        [LoggerMessage(EventIds.ClusterLeaseExpired, LogLevel.Critical, "This node's lease in Redis ({Location}) ran out and another node led meanwhile: it stops rather than lead with rooms that may be behind")]
        public static partial void Expired(ILogger logger, string location);

        [LoggerMessage(EventIds.ClusterTakeOverFailed, LogLevel.Critical, "This node took the lease but could not take the rooms over ({ExceptionType}): it stops, so another node can")]
        public static partial void TakeOverFailed(ILogger logger, string exceptionType);

        [LoggerMessage(EventIds.ClusterTwin, LogLevel.Critical, "Another relay process runs with this node's id ({Node}): every node needs a data folder of its own (docs/CLUSTER.md); this one stops")]
        public static partial void Twin(ILogger logger, string node);

        [LoggerMessage(EventIds.ClusterLeaseRenewalFailed, LogLevel.Warning, "Could not renew this node's lease in Redis ({Location}): {ExceptionType}")]
        public static partial void RenewalFailed(ILogger logger, string location, string exceptionType);
    }
}
