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
    private ulong _offset; // the last offset given out: every frame in the room's order takes the next one

    public string Name { get; } = name;

    /// <summary>
    /// Names this room's log: a client resuming with another epoch (a room of the same name made since) cannot be
    /// caught up from it. Random, so it never repeats across relay restarts.
    /// </summary>
    public ulong LogEpoch { get; } = BitConverter.ToUInt64(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));

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
            creator.Enqueue(new RoomJoinedFrame(requestId, Name, _hub.Member.Name, LogEpoch, ++_offset, [_hub.Member], []).Encode());
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
            var offset = ++_offset;
            var joined = new MemberJoinedFrame(Name, offset, seat.Member).Encode();
            foreach (var other in _seats)
            {
                if (other != seat)
                {
                    other.Connection.Enqueue(joined);
                }
            }

            joiner.Enqueue(new RoomJoinedFrame(requestId, Name, _hub!.Member.Name, LogEpoch, offset, _seats.Select(s => s.Member).ToList(), []).Encode());
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

            var left = new MemberLeftFrame(Name, ++_offset, leaving.Member.Name, _hub!.Member.Name).Encode();
            foreach (var seat in _seats)
            {
                seat.Connection.Enqueue(left);
            }

            return _hub.Member.Name;
        }
    }

    /// <summary>
    /// Gives the Publish the next offset, queues its Deliver (one array, shared) to every member but the sender, and
    /// the acknowledgement to the sender: all under the lock, so the sender sees its ack at the same point of the
    /// room's order as the others see the message.
    /// </summary>
    public bool Deliver(RelayConnection sender, uint requestId, ReadOnlySpan<byte> publishFrame)
    {
        lock (_lock)
        {
            if (!IsSeated(sender))
            {
                return false;
            }

            var offset = ++_offset;
            var deliver = DeliverFrame.FromPublish(publishFrame, sender.User!, offset);
            sender.Enqueue(new PublishedFrame(requestId, offset).Encode());

            // Per recipient only a queue write: no allocation, whatever the room's size.
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

    private bool IsSeated(RelayConnection connection)
    {
        foreach (var seat in _seats)
        {
            if (seat.Connection == connection)
            {
                return true;
            }
        }

        return false;
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
