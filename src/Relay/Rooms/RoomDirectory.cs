using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PyChat.Protocol;
using PyChat.Protocol.Frames;
using PyChat.Relay.Connections;
using PyChat.Relay.Hosting;

namespace PyChat.Relay.Rooms;

/// <summary>
/// The active rooms by name: create, join, leave, list, publish. A room exists while it has members
/// and disappears with its last one. Lock order: a connection's <see cref="Memberships"/> first, then the room.
/// Bounded: a connection is in at most <c>MaxRoomsPerConnection</c> rooms, the relay holds at most
/// <c>MaxRooms</c>, and an announcement is exactly <see cref="ProtocolLimits.AnnouncementSize"/> bytes, so
/// RoomJoined and MemberJoined stay far below any frame limit.
/// </summary>
internal sealed partial class RoomDirectory(IOptions<RelayOptions> options, ILogger<RoomDirectory> logger)
{
    // RoomList: type, request id, count; per room str8 name, members, capacity.
    private const int RoomListHeaderSize = 1 + 4 + 2;
    private readonly ConcurrentDictionary<string, Room> _rooms = new(StringComparer.Ordinal);
    private readonly int _maxRoomsPerConnection = options.Value.MaxRoomsPerConnection;
    private readonly int _maxRooms = options.Value.MaxRooms;
    private readonly int _maxFrameBytes = options.Value.MaxFrameBytes;
    private int _roomCount;

    public RoomResult Create(RelayConnection creator, uint requestId, string name, ReadOnlyMemory<byte> announcement)
    {
        var result = Enter(creator, name, announcement, memberships =>
        {
            // Reserve a place first, so concurrent creates cannot overshoot the limit; Remove gives it back.
            if (Interlocked.Increment(ref _roomCount) > _maxRooms)
            {
                Interlocked.Decrement(ref _roomCount);
                return _rooms.ContainsKey(name) ? RoomResult.RoomExists : RoomResult.TooManyRooms;
            }

            var room = new Room(name, Remove);
            if (!room.Open(creator, requestId, announcement.ToArray(), r => _rooms.TryAdd(r.Name, r)))
            {
                Interlocked.Decrement(ref _roomCount);
                return RoomResult.RoomExists;
            }

            memberships.Add(room);
            return RoomResult.Succeeded;
        });

        if (result == RoomResult.Succeeded)
        {
            Log.RoomCreated(logger, name, creator.User!);
        }

        return result;
    }

    public RoomResult Join(RelayConnection joiner, uint requestId, string name, ReadOnlyMemory<byte> announcement)
    {
        var result = Enter(joiner, name, announcement, memberships =>
        {
            if (!_rooms.TryGetValue(name, out var room))
            {
                return RoomResult.UnknownRoom;
            }

            var joined = room.Join(joiner, requestId, announcement.ToArray());
            if (joined == RoomResult.Succeeded)
            {
                memberships.Add(room);
            }

            return joined;
        });

        if (result == RoomResult.Succeeded)
        {
            Log.MemberJoined(logger, name, joiner.User!);
        }

        return result;
    }

    /// <summary>
    /// The checks Create and Join share, then <paramref name="enter"/> under the member's memberships lock
    /// (so a closing connection can never be added to a room after it left them all).
    /// </summary>
    private RoomResult Enter(RelayConnection member, string name, ReadOnlyMemory<byte> announcement, Func<Memberships, RoomResult> enter)
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

    public RoomResult Leave(RelayConnection member, string name)
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
                return RoomResult.NotMember;
            }

            LeaveRoom(member, room);
        }

        return RoomResult.Succeeded;
    }

    /// <summary>Takes the connection out of every room, for good: on disconnect or when a newer session replaces it.</summary>
    public void LeaveAll(RelayConnection member)
    {
        var memberships = member.Memberships;
        lock (memberships.SyncRoot)
        {
            foreach (var room in memberships.CloseAndTakeAll())
            {
                LeaveRoom(member, room);
            }
        }
    }

    /// <summary>Routes one Publish frame: the Deliver frame is built once and the same array queued to every other member.</summary>
    public RoomResult Publish(RelayConnection sender, uint requestId, ReadOnlySpan<char> name, ReadOnlySpan<byte> publishFrame)
    {
        if (!sender.Memberships.TryGet(name, out var room))
        {
            return Names.IsValid(name) ? RoomResult.NotMember : RoomResult.InvalidName;
        }

        return room.Deliver(sender, requestId, publishFrame) ? RoomResult.Succeeded : RoomResult.NotMember;
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

    private void LeaveRoom(RelayConnection member, Room room)
    {
        var hub = room.Leave(member, out var wasHub);
        Log.MemberLeft(logger, room.Name, member.User!);
        if (wasHub && hub is not null)
        {
            Log.HubElected(logger, room.Name, hub);
        }
    }

    private void Remove(Room room)
    {
        if (_rooms.TryRemove(KeyValuePair.Create(room.Name, room)))
        {
            Interlocked.Decrement(ref _roomCount);
        }

        Log.RoomClosed(logger, room.Name);
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.RoomCreated, LogLevel.Information, "Room {Room} created by {User}")]
        public static partial void RoomCreated(ILogger logger, string room, string user);

        [LoggerMessage(EventIds.MemberJoined, LogLevel.Information, "{User} joined room {Room}")]
        public static partial void MemberJoined(ILogger logger, string room, string user);

        [LoggerMessage(EventIds.MemberLeft, LogLevel.Information, "{User} left room {Room}")]
        public static partial void MemberLeft(ILogger logger, string room, string user);

        [LoggerMessage(EventIds.HubElected, LogLevel.Information, "{User} is now the hub of room {Room}")]
        public static partial void HubElected(ILogger logger, string room, string user);

        [LoggerMessage(EventIds.RoomClosed, LogLevel.Information, "Room {Room} is empty and closed")]
        public static partial void RoomClosed(ILogger logger, string room);
    }
}
