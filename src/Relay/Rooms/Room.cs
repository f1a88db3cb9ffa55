using PyChat.Protocol;
using PyChat.Protocol.Frames;
using PyChat.Relay.Connections;

namespace PyChat.Relay.Rooms;

/// <summary>
/// One active room. Every change of its membership, and the enqueueing of the frames that announce
/// it, happens under the room's lock, so every member sees joins, leaves, hub changes and deliveries
/// in the same order (docs/PROTOCOL.md §5). Frames are encoded once and the same array is queued to
/// every recipient.
/// </summary>
internal sealed class Room(string name, Action<Room> onEmptied)
{
    private readonly object _lock = new();
    private readonly List<Seat> _seats = []; // join order: [0] has been present longest
    private Seat? _hub;
    private bool _closed;
    private int _count;

    public string Name { get; } = name;

    public int MemberCount => Volatile.Read(ref _count);

    /// <summary>Seats the creator as the only member and hub, then makes the room visible through <paramref name="publish"/>.</summary>
    public bool Open(RelayConnection creator, uint requestId, byte[] announcement, Func<Room, bool> publish)
    {
        lock (_lock)
        {
            // Published while holding the lock: a joiner that finds the room waits until the
            // creator's RoomJoined is queued, so the creator sees it before any MemberJoined.
            if (!publish(this))
            {
                return false;
            }

            _hub = TakeSeat(creator, announcement);
            creator.Enqueue(new RoomJoinedFrame(requestId, Name, _hub.Member.Name, [_hub.Member]).Encode());
            return true;
        }
    }

    public RoomResult Join(RelayConnection joiner, uint requestId, byte[] announcement)
    {
        lock (_lock)
        {
            if (_closed)
            {
                return RoomResult.UnknownRoom;
            }

            if (_seats.Count >= ProtocolLimits.RoomCapacity)
            {
                return RoomResult.RoomFull;
            }

            var seat = TakeSeat(joiner, announcement);
            var joined = new MemberJoinedFrame(Name, seat.Member).Encode();
            foreach (var other in _seats)
            {
                if (other != seat)
                {
                    other.Connection.Enqueue(joined);
                }
            }

            joiner.Enqueue(new RoomJoinedFrame(requestId, Name, _hub!.Member.Name, _seats.Select(s => s.Member).ToList()).Encode());
            return RoomResult.Succeeded;
        }
    }

    /// <summary>Removes <paramref name="member"/>; elects the longest-present member if it was the hub. Returns the hub from now on (null if the room emptied).</summary>
    public string? Leave(RelayConnection member, out bool wasHub)
    {
        lock (_lock)
        {
            wasHub = false;
            var index = _seats.FindIndex(s => s.Connection == member);
            if (index < 0)
            {
                return _hub?.Member.Name;
            }

            var leaving = _seats[index];
            _seats.RemoveAt(index);
            Volatile.Write(ref _count, _seats.Count);
            if (_seats.Count == 0)
            {
                _closed = true;
                _hub = null;
                onEmptied(this);
                return null;
            }

            wasHub = _hub == leaving;
            if (wasHub)
            {
                _hub = _seats[0];
            }

            var left = new MemberLeftFrame(Name, leaving.Member.Name, _hub!.Member.Name).Encode();
            foreach (var seat in _seats)
            {
                seat.Connection.Enqueue(left);
            }

            return _hub.Member.Name;
        }
    }

    /// <summary>Queues <paramref name="deliver"/> (one array, shared) to every member but the sender.</summary>
    public bool Deliver(RelayConnection sender, byte[] deliver)
    {
        lock (_lock)
        {
            if (!_seats.Exists(s => s.Connection == sender))
            {
                return false;
            }

            foreach (var seat in _seats)
            {
                if (seat.Connection != sender)
                {
                    seat.Connection.Enqueue(deliver);
                }
            }

            return true;
        }
    }

    private Seat TakeSeat(RelayConnection connection, byte[] announcement)
    {
        var seat = new Seat(connection, new RoomMember(connection.User!, connection.IdentityKey, announcement));
        _seats.Add(seat);
        Volatile.Write(ref _count, _seats.Count);
        return seat;
    }

    private sealed record Seat(RelayConnection Connection, RoomMember Member);
}
