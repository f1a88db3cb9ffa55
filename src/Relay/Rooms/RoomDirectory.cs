using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PyChat.Protocol;
using PyChat.Protocol.Frames;
using PyChat.Relay.Connections;
using PyChat.Relay.Hosting;
using PyChat.Relay.Observability;

namespace PyChat.Relay.Rooms;

/// <summary>
/// The active rooms by name: create, join, leave, resume, list, publish. A room exists while it has members,
/// here or away, and disappears with its last one. Lock order: a connection's <see cref="Memberships"/> first, then the room.
/// Bounded: a connection is in at most <c>MaxRoomsPerConnection</c> rooms, the relay holds at most
/// <c>MaxRooms</c>, and an announcement is exactly <see cref="ProtocolLimits.AnnouncementSize"/> bytes, so
/// RoomJoined and MemberJoined stay far below any frame limit.
/// </summary>
internal sealed partial class RoomDirectory : IDisposable
{
    // RoomList: type, request id, count; per room str8 name, members, capacity.
    private const int RoomListHeaderSize = 1 + 4 + 2;
    private readonly ConcurrentDictionary<string, Room> _rooms = new(StringComparer.Ordinal);
    private readonly int _maxRoomsPerConnection;
    private readonly int _maxRooms;
    private readonly int _maxFrameBytes;
    private readonly IRoomLog _log;
    private readonly RoomContext _context;
    private readonly ILogger<RoomDirectory> _logger;
    private readonly Lazy<Task> _restored;
    private int _roomCount;

    public RoomDirectory(IOptions<RelayOptions> options, IRoomLog log, TimeProvider time, RelayMetrics metrics, ILogger<RoomDirectory> logger)
    {
        _maxRoomsPerConnection = options.Value.MaxRoomsPerConnection;
        _maxRooms = options.Value.MaxRooms;
        _maxFrameBytes = options.Value.MaxFrameBytes;
        _log = log;
        _logger = logger;
        _context = new RoomContext(log, time, options.Value.AwayGracePeriod, metrics, logger, Remove);
        _restored = new Lazy<Task>(RestoreAsync);
    }

    /// <summary>Active rooms now.</summary>
    public int Count => _rooms.Count;

    /// <summary>Seats in every active room now, present and away (read for the metrics, not per frame).</summary>
    public int SeatCount()
    {
        var seats = 0;
        foreach (var (_, room) in _rooms)
        {
            seats += room.MemberCount;
        }

        return seats;
    }

    /// <summary>Opens the room log and brings back the rooms a previous run left, every member away; safe to call more than once.</summary>
    public Task InitializeAsync() => _restored.Value;

    private async Task RestoreAsync() => Restore(await _log.OpenAsync());

    /// <summary>Brings back rooms the log kept, every member away: at startup, or when a cluster node takes the rooms over.</summary>
    public void Restore(IReadOnlyList<RoomState> states)
    {
        foreach (var state in states)
        {
            var room = Room.Restore(state, _context);
            if (!room.IsEnded && _rooms.TryAdd(room.Name, room)) // a grace period of zero ends it at once
            {
                Interlocked.Increment(ref _roomCount);
                Log.RoomRestored(_logger, room.Name, state.Seats.Count);
            }
        }
    }

    /// <summary>The relay is stopping: no grace period runs out any more, so the rooms stay as the log has them.</summary>
    public void Dispose()
    {
        foreach (var room in _rooms.Values)
        {
            room.Stop();
        }
    }

    public RoomOutcome Create(RelayConnection creator, uint requestId, string name, ReadOnlyMemory<byte> announcement)
    {
        var outcome = Enter(creator, name, announcement, memberships =>
        {
            // Reserve a place first, so concurrent creates cannot overshoot the limit; Remove gives it back.
            if (Interlocked.Increment(ref _roomCount) > _maxRooms)
            {
                Interlocked.Decrement(ref _roomCount);
                return _rooms.ContainsKey(name) ? RoomResult.RoomExists : RoomResult.TooManyRooms;
            }

            var room = Room.Create(name, _context);
            var opened = room.Open(creator, requestId, announcement.ToArray(), r => _rooms.TryAdd(r.Name, r));
            if (opened.Result != RoomResult.Succeeded)
            {
                Interlocked.Decrement(ref _roomCount);
                return opened;
            }

            memberships.Add(room);
            return opened;
        });

        if (outcome.Result == RoomResult.Succeeded)
        {
            Log.RoomCreated(_logger, name, creator.User!);
        }

        return outcome;
    }

    public RoomOutcome Join(RelayConnection joiner, uint requestId, string name, ReadOnlyMemory<byte> announcement)
    {
        var outcome = Enter(joiner, name, announcement, memberships =>
        {
            if (!_rooms.TryGetValue(name, out var room))
            {
                return RoomResult.UnknownRoom;
            }

            var joined = room.Join(joiner, requestId, announcement.ToArray());
            if (joined.Result == RoomResult.Succeeded)
            {
                memberships.Add(room);
            }

            return joined;
        });

        if (outcome.Result == RoomResult.Succeeded)
        {
            Log.MemberJoined(_logger, name, joiner.User!);
        }

        return outcome;
    }

    /// <summary>ResumeRoom (docs/PROTOCOL.md §5.1): the user's away seat comes to this connection, caught up from the log.</summary>
    public RoomOutcome Resume(RelayConnection connection, uint requestId, string name, ulong logEpoch, ulong afterOffset)
    {
        if (!Names.IsValid(name))
        {
            return RoomResult.InvalidName;
        }

        var memberships = connection.Memberships;
        lock (memberships.SyncRoot)
        {
            if (memberships.IsClosed)
            {
                return RoomResult.ConnectionClosing;
            }

            if (memberships.Contains(name))
            {
                return RoomResult.AlreadyMember;
            }

            if (!_rooms.TryGetValue(name, out var room))
            {
                return RoomResult.UnknownRoom;
            }

            if (memberships.Count >= _maxRoomsPerConnection)
            {
                return RoomResult.TooManyRooms;
            }

            var resumed = room.Resume(connection, requestId, logEpoch, afterOffset);
            if (resumed.Result == RoomResult.Succeeded)
            {
                memberships.Add(room);
                Log.MemberBack(_logger, name, connection.User!);
            }

            return resumed;
        }
    }

    /// <summary>
    /// The checks Create and Join share, then <paramref name="enter"/> under the member's memberships lock
    /// (so a closing connection can never be added to a room after it left them all).
    /// </summary>
    private RoomOutcome Enter(RelayConnection member, string name, ReadOnlyMemory<byte> announcement, Func<Memberships, RoomOutcome> enter)
    {
        if (!Names.IsValid(name))
        {
            return RoomResult.InvalidName;
        }

        if (announcement.Length != ProtocolLimits.AnnouncementSize)
        {
            return RoomResult.InvalidAnnouncement;
        }

        var memberships = member.Memberships;
        lock (memberships.SyncRoot)
        {
            if (memberships.IsClosed)
            {
                return RoomResult.ConnectionClosing;
            }

            if (memberships.Contains(name))
            {
                return RoomResult.AlreadyMember;
            }

            if (memberships.Count >= _maxRoomsPerConnection)
            {
                return RoomResult.TooManyRooms;
            }

            return enter(memberships);
        }
    }

    public RoomOutcome Leave(RelayConnection member, string name)
    {
        if (!Names.IsValid(name))
        {
            return RoomResult.InvalidName;
        }

        var memberships = member.Memberships;
        lock (memberships.SyncRoot)
        {
            if (!memberships.Remove(name, out var room))
            {
                return member.User is { } user && _rooms.TryGetValue(name, out var away) && away.LeaveAway(user) is { } left
                    ? new RoomOutcome(RoomResult.Succeeded, left)
                    : RoomResult.NotMember;
            }

            return new(RoomResult.Succeeded, room.Leave(member));
        }
    }

    /// <summary>Takes the connection out of every room for good: it closed with 1000 (docs/PROTOCOL.md §5.1).</summary>
    public void LeaveAll(RelayConnection member)
    {
        var memberships = member.Memberships;
        lock (memberships.SyncRoot)
        {
            foreach (var room in memberships.CloseAndTakeAll())
            {
                room.Leave(member);
            }
        }
    }

    /// <summary>
    /// The connection ended any other way (dropped, timed out, replaced by a newer login, closed by the relay): each of
    /// its seats is kept, away, for the grace period. Done before a newer login is answered, so its ResumeRoom finds them away.
    /// </summary>
    public void AwayAll(RelayConnection member)
    {
        var memberships = member.Memberships;
        lock (memberships.SyncRoot)
        {
            foreach (var room in memberships.CloseAndTakeAll())
            {
                room.GoAway(member);
            }
        }
    }

    /// <summary>
    /// Routes one Publish frame: the Deliver frame is built once and the same array queued to every other member.
    /// <paramref name="receivedAt"/> is when it arrived (<see cref="RelayMetrics.PublishReceived"/>).
    /// </summary>
    public RoomOutcome Publish(RelayConnection sender, uint requestId, ReadOnlySpan<char> name, ReadOnlySpan<byte> publishFrame, long receivedAt)
    {
        var found = FindForPublish(sender, name, out var room);
        return room is null ? found : room.Deliver(sender, requestId, publishFrame, receivedAt);
    }

    /// <summary>The room <paramref name="sender"/> may publish to by that name; else why not (NotMember, InvalidName).</summary>
    public static RoomResult FindForPublish(RelayConnection sender, ReadOnlySpan<char> name, out Room? room)
    {
        if (sender.Memberships.TryGet(name, out var member))
        {
            room = member;
            return RoomResult.Succeeded;
        }

        room = null;
        return Names.IsValid(name) ? RoomResult.NotMember : RoomResult.InvalidName;
    }

    /// <summary>
    /// Active rooms sorted by name (ordinal), for RoomList: the first ones that fit in one frame of
    /// <c>MaxFrameBytes</c> (docs/PROTOCOL.md §5), so that the answer never exceeds the limit clients hold
    /// the relay to, however many rooms there are.
    /// </summary>
    public IReadOnlyList<RoomSummary> List()
    {
        var budget = _maxFrameBytes - RoomListHeaderSize;
        var listed = new List<RoomSummary>();
        foreach (var room in _rooms.Values.Where(r => r.MemberCount > 0).OrderBy(r => r.Name, StringComparer.Ordinal))
        {
            budget -= FrameWriter.SizeOfString8(room.Name) + 2;
            if (budget < 0 || listed.Count == ushort.MaxValue)
            {
                break;
            }

            listed.Add(new RoomSummary(room.Name, (byte)room.MemberCount, ProtocolLimits.RoomCapacity));
        }

        return listed;
    }

    private void Remove(Room room)
    {
        if (_rooms.TryRemove(KeyValuePair.Create(room.Name, room)))
        {
            Interlocked.Decrement(ref _roomCount);
        }

        Log.RoomClosed(_logger, room.Name);
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.RoomCreated, LogLevel.Information, "Room {Room} created by {User}")]
        public static partial void RoomCreated(ILogger logger, string room, string user);

        [LoggerMessage(EventIds.MemberJoined, LogLevel.Information, "{User} joined room {Room}")]
        public static partial void MemberJoined(ILogger logger, string room, string user);

        [LoggerMessage(EventIds.MemberBack, LogLevel.Information, "{User} is back in room {Room}")]
        public static partial void MemberBack(ILogger logger, string room, string user);

        [LoggerMessage(EventIds.RoomRestored, LogLevel.Information, "Room {Room} restored with {Members} members away")]
        public static partial void RoomRestored(ILogger logger, string room, int members);

        [LoggerMessage(EventIds.RoomClosed, LogLevel.Information, "Room {Room} is empty and closed")]
        public static partial void RoomClosed(ILogger logger, string room);
    }
}
