using Microsoft.Extensions.Logging;
using PyChat.Protocol;
using PyChat.Protocol.Frames;
using PyChat.Relay.Connections;

namespace PyChat.Relay.Rooms;

/// <summary>
/// One active room. Every change of its seats, the offset it takes, its append to the room log and the queueing of the
/// frames that announce it happen under the room's lock, so every member sees joins, leaves, aways, backs, hub changes
/// and deliveries in the same order (docs/PROTOCOL.md §5, §5.1). A frame goes out only once the log has it (an
/// acknowledgement means the message is kept), and frames go out in offset order. Frames are encoded once: the array
/// logged is the array queued to every recipient.
/// </summary>
internal sealed partial class Room
{
    private readonly object _lock = new();
    private readonly List<Seat> _seats = []; // join order: [0] has been here longest
    private readonly Queue<PendingSend> _pending = new(); // frames waiting for the log, in offset order
    private readonly RoomContext _context;
    private string _hub = string.Empty;
    private bool _closed;
    private int _count;
    private ulong _offset; // the last offset given out: every frame in the room's order takes the next one

    private Room(string name, ulong logEpoch, RoomContext context)
    {
        Name = name;
        LogEpoch = logEpoch;
        _context = context;
    }

    public string Name { get; }

    /// <summary>
    /// Names this room's log: a client resuming with another epoch (a room of the same name made since) cannot be
    /// caught up from it. Random, so it never repeats; kept across relay restarts with the room.
    /// </summary>
    public ulong LogEpoch { get; }

    /// <summary>The room ended (its last seat went) or the relay stopped it.</summary>
    public bool IsEnded
    {
        get
        {
            lock (_lock)
            {
                return _closed;
            }
        }
    }

    /// <summary>Seats, present and away: what RoomList shows and the capacity counts.</summary>
    public int MemberCount => Volatile.Read(ref _count);

    public static Room Create(string name, RoomContext context) =>
        new(name, BitConverter.ToUInt64(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8)), context);

    /// <summary>
    /// A room a previous run of the relay left, with every member away (their grace periods start now). Members that
    /// were here when the relay stopped are announced away, so whoever resumes first learns it from the log.
    /// </summary>
    public static Room Restore(RoomState state, RoomContext context)
    {
        var room = new Room(state.Name, state.LogEpoch, context) { _offset = state.LastOffset, _hub = state.Hub };
        lock (room._lock)
        {
            foreach (var seat in state.Seats)
            {
                room._seats.Add(new Seat(seat.Member, connection: null));
            }

            room._count = room._seats.Count;
            for (var i = 0; i < room._seats.Count; i++)
            {
                if (!state.Seats[i].Away)
                {
                    room.Announce(new MemberAwayFrame(room.Name, ++room._offset, room._seats[i].Member.Name, room._hub).Encode(), []);
                }
            }

            // After the announcements: a grace period of zero may end a seat at once, and its MemberLeft comes after its away.
            foreach (var seat in room._seats.ToArray())
            {
                room.StartGrace(seat);
            }
        }

        return room;
    }

    /// <summary>Seats the creator as the only member and hub, then makes the room visible through <paramref name="publish"/>.</summary>
    public RoomOutcome Open(RelayConnection creator, uint requestId, byte[] announcement, Func<Room, bool> publish)
    {
        lock (_lock)
        {
            // Published while holding the lock: a joiner that finds the room waits until the
            // creator's RoomJoined is queued, so the creator sees it before any MemberJoined.
            if (!publish(this))
            {
                return RoomResult.RoomExists;
            }

            var seat = TakeSeat(creator, announcement);
            _hub = seat.Member.Name;
            var offset = ++_offset;
            // The creation is logged as the MemberJoined it would have been, so the log has every offset.
            var joined = new MemberJoinedFrame(Name, offset, seat.Member).Encode();
            var answer = new RoomJoinedFrame(requestId, Name, _hub, LogEpoch, offset, [seat.Member], []).Encode();
            return new(RoomResult.Succeeded, Announce(joined, [], () => creator.Enqueue(answer)));
        }
    }

    public RoomOutcome Join(RelayConnection joiner, uint requestId, byte[] announcement)
    {
        lock (_lock)
        {
            if (_closed)
            {
                return RoomResult.UnknownRoom;
            }

            // A join over one's own away seat gives it up first: the new stay is a new member to the others.
            var own = _seats.Find(s => s.IsAway && s.Member.Name == joiner.User);
            if (own is not null)
            {
                GiveUp(own, successor: joiner.User);
            }

            if (_seats.Count >= ProtocolLimits.RoomCapacity)
            {
                return RoomResult.RoomFull;
            }

            var seat = TakeSeat(joiner, announcement);
            var hub = _hub;
            ElectHub(); // a joiner into a room whose members are all away is hub
            LogHubChange(hub);
            var offset = ++_offset;
            var joined = new MemberJoinedFrame(Name, offset, seat.Member).Encode();
            var answer = new RoomJoinedFrame(
                requestId, Name, _hub, LogEpoch, offset,
                _seats.Select(s => s.Member).ToList(),
                _seats.Where(s => s.IsAway).Select(s => s.Member.Name).ToList()).Encode();
            return new(RoomResult.Succeeded, Announce(joined, PresentExcept(joiner), () => joiner.Enqueue(answer)));
        }
    }

    /// <summary>The member leaves for good (LeaveRoom, or its connection closed with 1000): MemberLeft, and a new hub if needed.</summary>
    public Task Leave(RelayConnection member)
    {
        lock (_lock)
        {
            var seat = _seats.Find(s => s.Connection == member);
            return seat is null ? Task.CompletedTask : GiveUp(seat);
        }
    }

    /// <summary>
    /// LeaveRoom from a connection of <paramref name="user"/> that has not resumed its away seat here (a client that
    /// reconnected and leaves before its resume): the user leaves, and the seat goes now, not at the end of its grace
    /// period. Null if the user has no away seat here.
    /// </summary>
    public Task? LeaveAway(string user)
    {
        lock (_lock)
        {
            var seat = _seats.Find(s => s.IsAway && s.Member.Name == user);
            return seat is null ? null : GiveUp(seat);
        }
    }

    /// <summary>The member's connection ended without a leave: it keeps its seat for the grace period (MemberAway).</summary>
    public void GoAway(RelayConnection member)
    {
        lock (_lock)
        {
            var seat = _seats.Find(s => s.Connection == member);
            if (seat is null)
            {
                return;
            }

            seat.Connection = null;
            var hub = _hub;
            ElectHub();
            Log.MemberAway(_context.Logger, Name, seat.Member.Name);
            LogHubChange(hub);
            Announce(new MemberAwayFrame(Name, ++_offset, seat.Member.Name, _hub).Encode(), PresentExcept(null));
            StartGrace(seat); // last: a clock that fires at once (a zero grace period) must find the away announced
        }
    }

    /// <summary>
    /// Gives this user's away seat to <paramref name="connection"/> if the log still holds everything after
    /// <paramref name="afterOffset"/>: the missed frames, its MemberBack and RoomResumed to it; MemberBack to the others.
    /// </summary>
    public RoomOutcome Resume(RelayConnection connection, uint requestId, ulong logEpoch, ulong afterOffset)
    {
        lock (_lock)
        {
            if (_closed)
            {
                return RoomResult.UnknownRoom;
            }

            var seat = _seats.Find(s => s.Member.Name == connection.User);
            if (seat is null)
            {
                return RoomResult.NotMember;
            }

            if (!seat.IsAway)
            {
                return seat.Connection == connection ? RoomResult.AlreadyMember : RoomResult.NotMember;
            }

            if (logEpoch != LogEpoch || !_context.Log.TryReadAfter(Name, LogEpoch, afterOffset, out var missed))
            {
                // The seat cannot be caught up, so it goes now: the client's JoinRoom that follows must not find it.
                return new(RoomResult.ResumeGap, GiveUp(seat));
            }

            seat.Grace?.Dispose();
            seat.Grace = null;
            seat.Connection = connection;
            var hub = _hub;
            ElectHub();
            LogHubChange(hub);
            var offset = ++_offset;
            var back = new MemberBackFrame(Name, offset, seat.Member.Name, _hub).Encode();
            var resumed = new RoomResumedFrame(requestId, Name, _hub, offset).Encode();
            // The one back gets its own MemberBack too, last of the logged frames: RoomResumed then finds it caught up to
            // the room's latest offset, the worked example of docs/PROTOCOL.md §9.1.
            return new(RoomResult.Succeeded, Announce(back, PresentExcept(connection), () =>
            {
                foreach (var frame in missed)
                {
                    connection.Enqueue(frame);
                }

                connection.Enqueue(back);
                connection.Enqueue(resumed);
            }));
        }
    }

    /// <summary>
    /// Gives the Publish the next offset and logs its Deliver; once logged, queues the Deliver (one array, shared) to
    /// every member here but the sender and the acknowledgement to the sender, so the sender sees its ack at the same
    /// point of the room's order as the others see the message, and only for a message the log kept.
    /// </summary>
    public RoomOutcome Deliver(RelayConnection sender, uint requestId, ReadOnlySpan<byte> publishFrame, long receivedAt)
    {
        lock (_lock)
        {
            if (!IsHere(sender))
            {
                return RoomResult.NotMember;
            }

            var offset = ++_offset;
            var deliver = DeliverFrame.FromPublish(publishFrame, sender.User!, offset);
            var logged = _context.Log.AppendAsync(Name, LogEpoch, offset, deliver, null);
            if (_pending.Count == 0 && logged.IsCompletedSuccessfully)
            {
                // Per recipient only a queue write: no allocation, whatever the room's size.
                sender.Enqueue(new PublishedFrame(requestId, offset).Encode());
                foreach (var seat in _seats)
                {
                    if (seat.Connection is { } connection && connection != sender)
                    {
                        connection.Enqueue(deliver);
                    }
                }

                _context.Metrics.PublishDelivered(receivedAt);
                return RoomResult.Succeeded;
            }

            return new(RoomResult.Succeeded, Defer(new PendingSend(logged, offset, deliver, PresentExcept(sender)) { Publisher = sender, RequestId = requestId, ReceivedAt = receivedAt }));
        }
    }

    /// <summary>Stops the grace timers: the relay is stopping, and the rooms stay as they are (in the log, if it is durable).</summary>
    public void Stop()
    {
        lock (_lock)
        {
            _closed = true;
            foreach (var seat in _seats)
            {
                seat.Grace?.Dispose();
                seat.Grace = null;
            }
        }
    }

    private void StartGrace(Seat seat)
    {
        seat.Grace?.Dispose();
        seat.Grace = _context.Time.CreateTimer(_ => Expire(seat), null, _context.AwayGracePeriod, Timeout.InfiniteTimeSpan);
    }

    private void Expire(Seat seat)
    {
        lock (_lock)
        {
            if (!_closed && seat.IsAway && _seats.Contains(seat))
            {
                Log.GraceExpired(_context.Logger, Name, seat.Member.Name);
                GiveUp(seat);
            }
        }
    }

    /// <summary>
    /// Takes the seat out of the room: MemberLeft to the members here, a new hub if needed, the room's end if it was the
    /// last. With a <paramref name="successor"/> (the same user joining again) the room goes on even when it was the
    /// last seat: the joiner is about to take one, and is hub then.
    /// </summary>
    private Task GiveUp(Seat seat, string? successor = null)
    {
        seat.Grace?.Dispose();
        seat.Grace = null;
        _seats.Remove(seat);
        Volatile.Write(ref _count, _seats.Count);
        Log.MemberLeft(_context.Logger, Name, seat.Member.Name);
        if (_seats.Count == 0 && successor is null)
        {
            _closed = true;
            _context.Log.Drop(Name);
            _context.OnEnded(this);
            return Task.CompletedTask;
        }

        var hub = _hub;
        if (_seats.Count == 0)
        {
            _hub = successor!;
        }
        else
        {
            ElectHub();
        }

        LogHubChange(hub);
        return Announce(new MemberLeftFrame(Name, ++_offset, seat.Member.Name, _hub).Encode(), PresentExcept(null));
    }

    /// <summary>
    /// The hub is the longest-present member that is here. With everyone away it stays who it was (a frame never names
    /// no hub), or, if that member left, the first in join order; the first member back takes over.
    /// </summary>
    private void ElectHub()
    {
        foreach (var seat in _seats)
        {
            if (!seat.IsAway)
            {
                _hub = seat.Member.Name;
                return;
            }
        }

        if (!_seats.Exists(s => s.Member.Name == _hub))
        {
            _hub = _seats[0].Member.Name;
        }
    }

    private void LogHubChange(string previous)
    {
        if (previous != _hub)
        {
            Log.HubElected(_context.Logger, Name, _hub);
        }
    }

    /// <summary>
    /// Logs a frame that changed who is in the room (at <see cref="_offset"/>, with the room's state after it) and, once
    /// logged, queues it to <paramref name="recipients"/> and runs <paramref name="then"/>. Sent even if the log failed:
    /// the room changed whatever the disk says, and its members must know.
    /// </summary>
    private Task Announce(byte[] frame, RelayConnection[] recipients, Action? then = null)
    {
        var logged = _context.Log.AppendAsync(Name, LogEpoch, _offset, frame, State());
        return Defer(new PendingSend(logged, _offset, frame, recipients, then));
    }

    private Task Defer(PendingSend pending)
    {
        if (_pending.Count == 0 && pending.Logged.IsCompleted)
        {
            Send(pending);
            return Task.CompletedTask;
        }

        _pending.Enqueue(pending);
        pending.Logged.ContinueWith(static (_, room) => ((Room)room!).SendLogged(), this, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        return pending.Done.Task;
    }

    /// <summary>Sends, in offset order, every pending frame the log has taken; stops at the first it has not.</summary>
    private void SendLogged()
    {
        lock (_lock)
        {
            while (_pending.TryPeek(out var next) && next.Logged.IsCompleted)
            {
                _pending.Dequeue();
                Send(next);
            }
        }
    }

    private void Send(PendingSend pending)
    {
        if (!pending.Logged.IsCompletedSuccessfully)
        {
            // The log lost this frame: it must not offer anything from before it to a member that resumes.
            _context.Log.Evict(Name, LogEpoch, pending.Offset);
        }

        pending.Send();
        if (pending.Publisher is not null && pending.Logged.IsCompletedSuccessfully)
        {
            _context.Metrics.PublishDelivered(pending.ReceivedAt);
        }
    }

    private RoomState State() =>
        new(Name, LogEpoch, _offset, _hub, _seats.Select(s => new SeatState(s.Member, s.IsAway)).ToArray());

    private RelayConnection[] PresentExcept(RelayConnection? except)
    {
        var recipients = new List<RelayConnection>(_seats.Count);
        foreach (var seat in _seats)
        {
            if (seat.Connection is { } connection && connection != except)
            {
                recipients.Add(connection);
            }
        }

        return recipients.ToArray();
    }

    private bool IsHere(RelayConnection connection)
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
        var seat = new Seat(new RoomMember(connection.User!, connection.IdentityKey, announcement), connection);
        _seats.Add(seat);
        Volatile.Write(ref _count, _seats.Count);
        return seat;
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.MemberLeft, LogLevel.Information, "{User} left room {Room}")]
        public static partial void MemberLeft(ILogger logger, string room, string user);

        [LoggerMessage(EventIds.MemberAway, LogLevel.Information, "{User} is away from room {Room}")]
        public static partial void MemberAway(ILogger logger, string room, string user);

        [LoggerMessage(EventIds.GraceExpired, LogLevel.Information, "{User}'s seat in room {Room} ran out of its grace period")]
        public static partial void GraceExpired(ILogger logger, string room, string user);

        [LoggerMessage(EventIds.HubElected, LogLevel.Information, "{User} is now the hub of room {Room}")]
        public static partial void HubElected(ILogger logger, string room, string user);
    }
}
