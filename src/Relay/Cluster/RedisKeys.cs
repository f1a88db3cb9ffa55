using StackExchange.Redis;

namespace PyChat.Relay.Cluster;

/// <summary>
/// Every key the relay keeps in Redis. A room's keys share the hash tag <c>{room}</c>, so they sit in one slot when
/// rooms are spread over a Redis Cluster; the index and the lease are one key each.
/// </summary>
internal static class RedisKeys
{
    /// <summary>The set of every room name that has a state.</summary>
    public static readonly RedisKey Rooms = "pychat:rooms";

    /// <summary>The leader, the node that serves the rooms: its process's address, with a time to live it renews.</summary>
    public static readonly RedisKey NodeLease = "pychat:node";

    /// <summary>The last process that took the lease, kept without a time to live: who led last, even once the lease ran out.</summary>
    public static readonly RedisKey LastLeader = "pychat:node:last";

    /// <summary>A node's liveness: its process's token, set with a time to live of one lease and renewed, so the leader sees an edge that died or was replaced.</summary>
    public static RedisKey Alive(string node) => $"pychat:alive:{node}";

    /// <summary>The pub/sub channel a node's process (<see cref="LeaderLease.Address"/>) reads its messages from.</summary>
    public static RedisChannel NodeChannel(string address) => RedisChannel.Literal($"pychat:node:{address}");

    /// <summary>A room's state: hash of <c>epoch</c>, <c>last</c> (offset), <c>bytes</c> (of the frames held), <c>hub</c>, <c>seats</c>.</summary>
    public static RedisKey Room(string room) => $"pychat:room:{{{room}}}";

    /// <summary>A room's newest frames, oldest first: the last one is at offset <c>last</c>.</summary>
    public static RedisKey Frames(string room) => $"pychat:room:{{{room}}}:frames";
}
