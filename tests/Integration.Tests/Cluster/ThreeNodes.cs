using PyChat.TestSupport;
using PyChat.TestSupport.Relays;
using PyChat.TestSupport.Servers;

namespace PyChat.Integration.Tests.Cluster;

/// <summary>
/// Three relay processes sharing one Redis (rooms) and one PostgreSQL database (users), as docs/CLUSTER.md sets a
/// cluster up: the first node's certs/ folder copied to the others before they start, so every node has the same CA
/// and clients pin one file. The first node to start leads. Short leases, so a node that dies is replaced in seconds.
/// The Redis is the cluster's own, started with it and stopped after it.
/// </summary>
internal sealed class ThreeNodes : IAsyncDisposable
{
    public const string Lease = "00:00:03";
    private readonly TempDirectory[] _folders = [new(), new(), new()];
    private readonly RedisProcess _redis;
    private readonly string[] _arguments;

    private ThreeNodes(RedisProcess redis, string[] arguments)
    {
        _redis = redis;
        _arguments = arguments;
    }

    public RelayProcess[] Nodes { get; } = new RelayProcess[3];

    /// <summary>The CA every node's certificate comes from.</summary>
    public string CaCertificatePath => _folders[0].Combine("certs", "ca.crt");

    /// <summary>The cluster's Redis.</summary>
    public RedisProcess Redis => _redis;

    /// <summary>
    /// Starts a Redis and three nodes with their users in <paramref name="database"/> (an Npgsql connection string), with
    /// leases of <paramref name="lease"/> (default <see cref="Lease"/>).
    /// </summary>
    public static async Task<ThreeNodes> StartAsync(string database, string lease = Lease, string[]? extra = null)
    {
        var redis = await RedisProcess.StartAsync();
        var cluster = new ThreeNodes(redis, ["--Relay:Cluster:Redis", redis.Configuration, "--Relay:Registry:PostgreSql", database, "--Relay:Cluster:NodeLease", lease, .. extra ?? []]);
        try
        {
            cluster.Nodes[0] = await RelayProcess.StartAsync(cluster._folders[0], 4096, cluster._arguments);
            for (var i = 1; i < 3; i++)
            {
                CopyDirectory(cluster._folders[0].Combine("certs"), cluster._folders[i].Combine("certs"));
                cluster.Nodes[i] = await RelayProcess.StartAsync(cluster._folders[i], 4096, cluster._arguments);
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public Task<RelayTestClient> ConnectAsync(int node) => RelayTestClient.ConnectAsync(Nodes[node].WebSocketUri, CaCertificatePath);

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes.Where(n => n is not null))
        {
            await node.DisposeAsync();
        }

        await _redis.DisposeAsync();
        foreach (var folder in _folders)
        {
            folder.Dispose();
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
