using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace PyChat.Relay.Cluster;

/// <summary>
/// The claim of one relay node on the rooms in a Redis: until rooms are shared between nodes (docs/CLUSTER.md), one node
/// at a time writes them, and every write checks the claim (<see cref="RedisScripts"/>), so two nodes can never both
/// change a room. The claim lives <c>Relay:Cluster:NodeLease</c> and is renewed every third of it; a node that dies
/// loses it then, and a node starting meanwhile waits for it. The node id is kept in the data folder, so a restarted
/// node takes its own claim back at once. A node that finds its claim taken stops (its clients come back elsewhere).
/// </summary>
internal sealed partial class RedisNodeLease : IAsyncDisposable
{
    private readonly RedisConnection _redis;
    private readonly TimeSpan _lease;
    private readonly TimeProvider _time;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<RedisNodeLease> _logger;
    private ITimer? _renewal;
    private int _renewing;

    public RedisNodeLease(RedisConnection redis, string nodeId, TimeSpan lease, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<RedisNodeLease> logger)
    {
        _redis = redis;
        NodeId = nodeId;
        _lease = lease;
        _time = time;
        _lifetime = lifetime;
        _logger = logger;
    }

    public string NodeId { get; }

    /// <summary>Takes the claim, waiting up to one lease for a node that died to lose it; a node that is alive keeps it and this one does not start.</summary>
    public async Task TakeAsync()
    {
        var deadline = _time.GetTimestamp();
        var waited = false;
        while (!await TryTakeAsync())
        {
            if (_time.GetElapsedTime(deadline) > _lease + _lease / 3)
            {
                var holder = (string?)await _redis.Database.StringGetAsync(RedisKeys.NodeLease);
                throw new RelayStartupException(
                    $"the rooms in Redis ({_redis.Location}) are kept by another relay node ({holder}), which is alive: one node per Redis for now (docs/CLUSTER.md)");
            }

            if (!waited)
            {
                Log.Waiting(_logger, _redis.Location, _lease);
                waited = true;
            }

            await Task.Delay(_lease / 10, _time);
        }

        _renewal = _time.CreateTimer(_ => _ = RenewAsync(), null, _lease / 3, _lease / 3);
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
            await _redis.Database.ScriptEvaluateAsync(RedisScripts.ReleaseLease, [RedisKeys.NodeLease], [NodeId]);
        }
        catch (RedisException)
        {
            // Unreachable: the claim runs out by itself.
        }
    }

    private async Task<bool> TryTakeAsync() =>
        (int)await _redis.Database.ScriptEvaluateAsync(
            RedisScripts.TakeLease, [RedisKeys.NodeLease], [NodeId, (long)_lease.TotalMilliseconds]) == 1;

    private async Task RenewAsync()
    {
        if (Interlocked.Exchange(ref _renewing, 1) == 1)
        {
            return;
        }

        try
        {
            if (!await TryTakeAsync())
            {
                Log.Lost(_logger, _redis.Location);
                _lifetime.StopApplication();
            }
        }
        catch (RedisException e)
        {
            // Redis is away: writes fail meanwhile (/readyz says so); the next renewal tries again.
            Log.RenewalFailed(_logger, _redis.Location, e.GetType().Name);
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
        [LoggerMessage(EventIds.ClusterLeaseWaiting, LogLevel.Warning, "Another relay node holds the rooms in Redis ({Location}); waiting up to {Lease} for its claim to run out")]
        public static partial void Waiting(ILogger logger, string location, TimeSpan lease);

        [LoggerMessage(EventIds.ClusterLeaseLost, LogLevel.Critical, "Another relay node took over the rooms in Redis ({Location}): this node stops, and its clients come back on that one")]
        public static partial void Lost(ILogger logger, string location);

        [LoggerMessage(EventIds.ClusterLeaseRenewalFailed, LogLevel.Warning, "Could not renew this node's claim on the rooms in Redis ({Location}): {ExceptionType}")]
        public static partial void RenewalFailed(ILogger logger, string location, string exceptionType);
    }
}
