namespace PyChat.Relay.Cluster;

/// <summary>
/// The Lua scripts that change a room in Redis: each runs atomically, so a room's frames, offset and seats never
/// disagree, whatever fails between two of them. Every script first checks that this node holds the lease
/// (<see cref="RedisKeys.NodeLease"/>, holding the leader's address): a process that lost it (frozen past it, or cut off while another took over) can
/// change nothing. Offsets stay below 2^53, exact in Lua's numbers; log epochs are compared as strings.
/// </summary>
internal static class RedisScripts
{
    private const string CheckLease = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then
          return redis.error_reply('PYCHAT_LEASE another relay node holds the lease')
        end
        """;

    /// <summary>
    /// KEYS: lease, room, frames, rooms. ARGV: node, epoch, offset, frame, max frames, max bytes, has state (1/0), hub, seats, room.
    /// A frame that does not follow the last one (a hole, or a new epoch) starts the list afresh, as the tail in memory does.
    /// </summary>
    public const string Append = CheckLease + "\n" + """
        local offset = tonumber(ARGV[3])
        local last = 0
        local sameEpoch = redis.call('HGET', KEYS[2], 'epoch') == ARGV[2]
        if sameEpoch then
          last = tonumber(redis.call('HGET', KEYS[2], 'last') or '0')
        end
        local bytes = 0
        if not sameEpoch or offset ~= last + 1 then
          redis.call('DEL', KEYS[3])
        else
          bytes = tonumber(redis.call('HGET', KEYS[2], 'bytes') or '0')
        end
        local n = redis.call('RPUSH', KEYS[3], ARGV[4])
        bytes = bytes + #ARGV[4]
        local maxFrames = tonumber(ARGV[5])
        local maxBytes = tonumber(ARGV[6])
        while n > 0 and (n > maxFrames or bytes > maxBytes) do
          bytes = bytes - #redis.call('LPOP', KEYS[3])
          n = n - 1
        end
        redis.call('HSET', KEYS[2], 'epoch', ARGV[2], 'last', ARGV[3], 'bytes', bytes)
        if ARGV[7] == '1' then
          redis.call('HSET', KEYS[2], 'hub', ARGV[8], 'seats', ARGV[9])
          redis.call('SADD', KEYS[4], ARGV[10])
        end
        return n
        """;

    /// <summary>
    /// KEYS: lease, room, frames. ARGV: node, epoch, through offset. Forgets the frames up to the offset; an offset past the
    /// last becomes the last, so it is never given again.
    /// </summary>
    public const string Evict = CheckLease + "\n" + """
        if redis.call('HGET', KEYS[2], 'epoch') ~= ARGV[2] then
          return 0
        end
        local through = tonumber(ARGV[3])
        local last = tonumber(redis.call('HGET', KEYS[2], 'last') or '0')
        if through >= last then
          redis.call('DEL', KEYS[3])
          redis.call('HSET', KEYS[2], 'last', ARGV[3], 'bytes', 0)
          return 0
        end
        local n = redis.call('LLEN', KEYS[3])
        local bytes = tonumber(redis.call('HGET', KEYS[2], 'bytes') or '0')
        local first = last + 1 - n
        while n > 0 and first <= through do
          bytes = bytes - #redis.call('LPOP', KEYS[3])
          n = n - 1
          first = first + 1
        end
        redis.call('HSET', KEYS[2], 'bytes', bytes)
        return n
        """;

    /// <summary>KEYS: lease, room, frames, rooms. ARGV: node, room. The room ended.</summary>
    public const string Drop = CheckLease + "\n" + """
        redis.call('DEL', KEYS[2], KEYS[3])
        redis.call('SREM', KEYS[4], ARGV[2])
        return 1
        """;

    /// <summary>
    /// KEYS: lease, last holder. ARGV: address (node id / process token), lease milliseconds, node id followed by "/".
    /// 2: this process holds the lease, renewed, or taken back after it ran out with nobody else taking it meanwhile
    /// (the last holder, kept without a time to live, is still this process); 1: newly taken, free or from an earlier
    /// process of the same node (a restart: the data folder, and so the node id, is one process's at a time); 0: another
    /// node holds it.
    /// </summary>
    public const string TakeLease = """
        local holder = redis.call('GET', KEYS[1])
        if holder == ARGV[1] or (holder == false and redis.call('GET', KEYS[2]) == ARGV[1]) then
          redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
          return 2
        end
        if holder == false or string.sub(holder, 1, #ARGV[3]) == ARGV[3] then
          redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
          redis.call('SET', KEYS[2], ARGV[1])
          return 1
        end
        return 0
        """;

    /// <summary>KEYS: lease, liveness. ARGV: address, process token. Gives up what is still this process's (a graceful stop), so the next node need not wait.</summary>
    public const string ReleaseLease = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          redis.call('DEL', KEYS[1])
        end
        if redis.call('GET', KEYS[2]) == ARGV[2] then
          redis.call('DEL', KEYS[2])
        end
        return 1
        """;
}
