using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PyChat.Relay.Hosting;
using PyChat.Relay.Rooms;
using StackExchange.Redis;

namespace PyChat.Relay.Cluster;

/// <summary>
/// The room log in Redis (<c>Relay:Cluster:Redis</c>): per room a hash with its log epoch, last offset, hub and seats,
/// and a list of its newest frames, changed only by the scripts of <see cref="RedisScripts"/>, each atomic. An append's
/// task completes when Redis has run its script (as durable as the Redis's own persistence: docs/CLUSTER.md), and the
/// room sends nothing before. Appends are pipelined on the node's one connection, so they reach Redis, and complete,
/// in their order. Reads are served from the same bounded tails in memory that <see cref="InMemoryRoomLog"/> keeps: this
/// node is the only writer while it holds the lease (<see cref="LeaderLease"/>).
/// </summary>
internal sealed partial class RedisRoomLog : IRoomLog, IAsyncDisposable
{
    private readonly InMemoryRoomLog _tails;
    private readonly RedisConnection _redis;
    private readonly LeaderLease _lease;
    private readonly ILogger<RedisRoomLog> _logger;
    private readonly RedisValue _maxFrames;
    private readonly RedisValue _maxBytes;
    private long _lastFailureLogged = long.MinValue;
    private int _failuresNotLogged;

    public RedisRoomLog(IOptions<RelayOptions> options, RedisConnection redis, LeaderLease lease, ILogger<RedisRoomLog> logger)
    {
        _tails = new InMemoryRoomLog(options);
        _redis = redis;
        _lease = lease;
        _logger = logger;
        _maxFrames = options.Value.RoomLog.MaxFrames;
        _maxBytes = options.Value.RoomLog.MaxBytes;
    }

    public async Task<IReadOnlyList<RoomState>> OpenAsync()
    {
        await _redis.ConnectAsync();
        try
        {
            // An edge serves no rooms; if it takes over later, it reads them then (ReadRoomsAsync).
            return await _lease.StartAsync() ? await ReadRoomsAsync() : [];
        }
        catch (RedisException e)
        {
            throw new RelayStartupException($"cannot read the rooms in Redis ({_redis.Location}): {e.Message}", e);
        }
    }

    public Task AppendAsync(string room, ulong logEpoch, ulong offset, byte[] frame, RoomState? state)
    {
        _tails.Append(room, logEpoch, offset, frame);
        RedisValue[] values = state is null
            ? [_lease.Address, Epoch(logEpoch), offset, frame, _maxFrames, _maxBytes, 0, RedisValue.EmptyString, RedisValue.EmptyString, room]
            : [_lease.Address, Epoch(logEpoch), offset, frame, _maxFrames, _maxBytes, 1, state.Hub, SeatCodec.Encode(state.Seats), room];
        return Run(RedisScripts.Append, [RedisKeys.NodeLease, RedisKeys.Room(room), RedisKeys.Frames(room), RedisKeys.Rooms], values, room);
    }

    public bool TryReadAfter(string room, ulong logEpoch, ulong afterOffset, out IReadOnlyList<byte[]> frames) =>
        _tails.TryReadAfter(room, logEpoch, afterOffset, out frames);

    public void Evict(string room, ulong logEpoch, ulong throughOffset)
    {
        _tails.Evict(room, logEpoch, throughOffset);
        _ = Run(RedisScripts.Evict, [RedisKeys.NodeLease, RedisKeys.Room(room), RedisKeys.Frames(room)], [_lease.Address, Epoch(logEpoch), throughOffset], room);
    }

    public void Drop(string room)
    {
        _tails.Drop(room);
        _ = Run(RedisScripts.Drop, [RedisKeys.NodeLease, RedisKeys.Room(room), RedisKeys.Frames(room), RedisKeys.Rooms], [_lease.Address, room], room);
    }

    public async ValueTask ProbeAsync(CancellationToken cancellationToken) => await _redis.Database.PingAsync().WaitAsync(cancellationToken);

    public ValueTask DisposeAsync() => _lease.DisposeAsync();

    private static RedisValue Epoch(ulong logEpoch) => logEpoch.ToString(CultureInfo.InvariantCulture);

    private async Task Run(string script, RedisKey[] keys, RedisValue[] values, string room)
    {
        try
        {
            await _redis.Database.ScriptEvaluateAsync(script, keys, values);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            LogFailure(room, e);
            throw;
        }
    }

    /// <summary>
    /// One line a minute at most, with the count since the last: an outage fails every append. The type and Redis's
    /// first words say why (unreachable, timed out, the lease taken); the frames themselves are never logged.
    /// </summary>
    private void LogFailure(string room, Exception e)
    {
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _lastFailureLogged);
        if ((last != long.MinValue && now - last < 60_000) || Interlocked.CompareExchange(ref _lastFailureLogged, now, last) != last)
        {
            Interlocked.Increment(ref _failuresNotLogged);
            return;
        }

        var reason = e is RedisServerException ? e.Message : e.GetType().Name;
        Log.Failed(_logger, _redis.Location, room, reason, Interlocked.Exchange(ref _failuresNotLogged, 0));
    }

    /// <summary>Every room in Redis, with the tails of their logs loaded: what a node that takes over serves.</summary>
    public async Task<IReadOnlyList<RoomState>> ReadRoomsAsync()
    {
        var database = _redis.Database;
        var rooms = new List<RoomState>();
        foreach (var name in (await database.SetMembersAsync(RedisKeys.Rooms)).Select(n => (string)n!).Order(StringComparer.Ordinal))
        {
            var fields = (await database.HashGetAllAsync(RedisKeys.Room(name))).ToDictionary(f => (string)f.Name!, f => f.Value);
            if (!fields.TryGetValue("seats", out var seatValue) || !fields.TryGetValue("epoch", out var epochValue))
            {
                continue;
            }

            var seats = SeatCodec.Decode((byte[])seatValue!);
            if (seats.Count == 0)
            {
                continue;
            }

            var logEpoch = ulong.Parse((string)epochValue!, CultureInfo.InvariantCulture);
            var last = (ulong)fields["last"];
            var frames = await database.ListRangeAsync(RedisKeys.Frames(name));
            if ((ulong)frames.Length > last)
            {
                frames = []; // not a run that ends at the last offset: nothing of it can be replayed
            }

            _tails.Restore(name, logEpoch, last - (ulong)frames.Length);
            for (var i = 0; i < frames.Length; i++)
            {
                _tails.Append(name, logEpoch, last - (ulong)frames.Length + 1 + (ulong)i, (byte[])frames[i]!);
            }

            rooms.Add(new RoomState(name, logEpoch, last, (string)fields["hub"]!, seats));
        }

        return rooms;
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.RedisRoomLogFailed, LogLevel.Error, "The room log in Redis ({Location}) failed a write to room {Room}: {Reason} ({Earlier} more failed writes since the last such line)")]
        public static partial void Failed(ILogger logger, string location, string room, string reason, int earlier);
    }
}
