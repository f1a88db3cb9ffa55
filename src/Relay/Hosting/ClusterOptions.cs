namespace PyChat.Relay.Hosting;

/// <summary>The <c>Relay:Cluster</c> configuration section.</summary>
internal sealed class ClusterOptions
{
    /// <summary>
    /// A StackExchange.Redis configuration string (<c>redis.internal:6379,password=…</c>): rooms, their logs and offsets
    /// are kept in that Redis instead of rooms.db (docs/CLUSTER.md). Unset (the default): <c>Relay:RoomLog:Storage</c>.
    /// </summary>
    public string? Redis { get; set; }

    /// <summary>
    /// How long this node's claim on the Redis lasts unless renewed (every third of it): after a node dies, another may
    /// take its rooms over once this has passed. Default 15 s.
    /// </summary>
    public TimeSpan NodeLease { get; set; } = TimeSpan.FromSeconds(15);
}
