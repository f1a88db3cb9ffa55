using System.Threading.Channels;
using PyChat.Client.Cryptography;
using PyChat.Client.Internal;
using PyChat.Protocol.Frames;

namespace PyChat.Client;

/// <summary>
/// A room this client is a member of: send messages, read what happens, check who is in it. Messages are
/// encrypted with the room key, which the room's key hub replaces after every join and leave. Thread-safe.
/// Dispose (or <see cref="LeaveAsync"/>) to leave the room.
/// </summary>
public sealed class ChatRoom : IAsyncDisposable
{
    private const int Entering = 0;
    private const int Joined = 1;
    private const int Ended = 2;
    private const int Leaving = 3; // LeaveRoom sent: sends are refused, frames ordered before the leave still arrive

    private readonly PyChatClient _client;
    private readonly string _self;
    private readonly IdentityKey _identity;
    private readonly bool _created;
    private readonly RoomOutput _output;

    // RoomSession is single-threaded: every call into it (receive loop, timer, SendAsync) holds this gate. So does
    // every touch of the outbox and of the resume state below.
    private readonly SemaphoreSlim _gate = new(1, 1);

    // Sends enter the outbox in the order SendAsync was called: each waits for the one called before it to be queued
    // (or to fail), since one send takes the gate twice and concurrent sends could otherwise pass each other.
    private Task _previousSendQueued = Task.CompletedTask;
    private readonly Channel<RoomEvent> _events;
    private TaskCompletionSource _keyed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _ending = new();
    private volatile Snapshot _snapshot = new(string.Empty, 0, false, [], []);
    private Task _ticks = Task.CompletedTask;
    private int _state = Entering;
    private volatile Exception? _endedBy;
    private bool _sessionDisposed;
    private RoomSession _session;

    // Under the gate. Every Publish of the room, in order, until the relay has ordered it or it failed.
    private readonly List<OutboxEntry> _outbox = [];
    private Phase _phase = Phase.Away;
    private RelayLink? _live; // the connection publishes go out on; null while away, resuming or joining again
    private ulong _logEpoch;
    private ulong _lastOffset;
    private int _caughtUp;
    private long _rejoinedAt;

    internal ChatRoom(PyChatClient client, string name, string self, IdentityKey identity, bool created)
    {
        _client = client;
        _self = self;
        _identity = identity;
        _created = created;
        Name = name;
        var options = client.Options;
        _events = Channel.CreateBounded<RoomEvent>(new BoundedChannelOptions(options.EventChannelCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleWriter = true,
        });
        _output = new RoomOutput(OnSessionPublish);
        _session = NewSession();
    }

    private enum Phase
    {
        /// <summary>Not on a connection: not entered yet, or the connection dropped. Publishes wait.</summary>
        Away,

        /// <summary>ResumeRoom sent; the relay replays what was missed, then RoomResumed.</summary>
        Resuming,

        /// <summary>The seat was lost: JoinRoom sent with a fresh session, waiting for RoomJoined.</summary>
        Rejoining,

        /// <summary>In the room on the connection in use: publishes go out at once.</summary>
        Live,
    }

    /// <summary>The room's name.</summary>
    public string Name { get; }

    /// <summary>The member that hands out room keys now: the creator, then the longest-present member.</summary>
    public string Hub => _snapshot.Hub;

    /// <summary>The members, in join order, this client included.</summary>
    public IReadOnlyList<RoomMemberInfo> Members => _snapshot.Members;

    /// <summary>The longest message <see cref="SendAsync"/> takes, in bytes of UTF-8: a longer one does not fit in one frame.</summary>
    public const int MaxMessageBytes = RoomSession.MaxTextBytes;

    /// <summary>The epoch of the room key messages are sent with now; 0 before the first key.</summary>
    public uint Epoch => _snapshot.Epoch;

    /// <summary>
    /// Whether this client holds a room key it can send with. False before the first key, and from a member's
    /// leave until the hub's next key arrives (the departed member holds the current one).
    /// </summary>
    public bool HasKey => _snapshot.HasKey;

    /// <summary>
    /// Members whose identity key changed and is not trusted yet (see <see cref="SendsHeld"/>). While this is not
    /// empty, <see cref="SendAsync"/> sends nothing and throws <see cref="PyChatSendsHeldException"/>.
    /// </summary>
    public IReadOnlyList<string> SendsHeldBy => _snapshot.SendsHeldBy;

    /// <summary>
    /// Encrypts and sends a message to every other member. If there is no room key to send with (just joined,
    /// or a member just left and the hub's new key is on its way), waits for one, at most
    /// <see cref="PyChatClientOptions.RequestTimeout"/>. Completes when the relay has acknowledged the message:
    /// it is in the room's order, and every member present gets it. While the client is reconnecting the message
    /// waits in the outbox (<see cref="PyChatClientOptions.OutboxCapacity"/>) and goes out once the room has
    /// resumed; one that was written but not acknowledged when the connection dropped is sent again only if the
    /// relay had not ordered it (exactly once).
    /// </summary>
    /// <param name="text">The message. It never appears in exceptions or logs.</param>
    /// <param name="cancellationToken">Cancels the wait for a key or for the socket.</param>
    /// <exception cref="ArgumentException">The text is longer than <see cref="MaxMessageBytes"/> in UTF-8; nothing was sent.</exception>
    /// <exception cref="PyChatSendsHeldException">
    /// A member's identity key changed and is not trusted (<see cref="SendsHeldBy"/>); nothing was sent. It does not
    /// wait for the user's decision: trust the member (<see cref="TrustAsync"/>) or leave, then send again.
    /// </exception>
    /// <exception cref="PyChatTimeoutException">No room key, or no acknowledgement, arrived in time.</exception>
    /// <exception cref="PyChatRelayException">The relay refused the message (rate limit, too large, not a member); it was not delivered.</exception>
    /// <exception cref="PyChatOutboxFullException">The outbox is full; nothing was sent.</exception>
    /// <exception cref="PyChatConnectionException">The client closed for good (disposed, or a failure it does not retry).</exception>
    public async Task SendAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (System.Text.Encoding.UTF8.GetByteCount(text) is var length and > MaxMessageBytes)
        {
            // At once, not after the wait for a key: the message can never be sent as it is.
            throw new ArgumentException($"the message is {length} bytes of UTF-8; at most {MaxMessageBytes} fit in one message", nameof(text));
        }

        ThrowIfEnded();
        var options = _client.Options;
        OutboxEntry entry;
        var queued = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var previous = Interlocked.Exchange(ref _previousSendQueued, queued.Task);
        using (var timeout = new CancellationTokenSource(options.RequestTimeout, options.TimeProvider))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
        {
            try
            {
                await previous.WaitAsync(linked.Token).ConfigureAwait(false);
                entry = await EncryptIntoOutboxAsync(text, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new PyChatTimeoutException($"No key for room '{Name}' arrived within {options.RequestTimeout.TotalSeconds:0.#} s.", e);
            }
            finally
            {
                // A send that gave up while an earlier one still waits lets the later ones go only after that earlier one.
                _ = previous.ContinueWith(static (_, q) => ((TaskCompletionSource)q!).TrySetResult(), queued, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }

        try
        {
            await entry.Done!.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Taken back if it has not been written yet; once written it may be ordered, and stays (nobody waits for it).
            _ = WithdrawAsync(entry);
            throw;
        }
    }

    private async Task<OutboxEntry> EncryptIntoOutboxAsync(string text, CancellationToken cancellationToken)
    {
        while (true)
        {
            ThrowIfEnded();

            // Fail at once rather than after the wait for a key. Trust is read afresh: the application may
            // have trusted the key through IKnownPeers directly.
            ThrowIfHeld(await CallAsync(TrustedNow, cancellationToken).ConfigureAwait(false) ?? []);
            await WaitForKeyAsync(cancellationToken).ConfigureAwait(false);

            // Encrypt and queue under the gate, so the message leaves after any rekey the session
            // published before it, and is encrypted with the key that rekey announced. The hold is
            // checked here again: a member with a changed key may have joined while this waited.
            var (queued, held) = await CallAsync<(OutboxEntry?, IReadOnlyList<string>)>(
                session =>
                {
                    ThrowIfEnded();
                    var held = TrustedNow(session);
                    if (held.Count > 0 || !session.HasKey)
                    {
                        return (null, held);
                    }

                    if (!_client.TryTakeOutboxSlot())
                    {
                        throw new PyChatOutboxFullException(Name, _client.Options.OutboxCapacity);
                    }

                    try
                    {
                        var entry = OutboxEntry.Chat(text, session.EncryptMessage(text));
                        Enqueue(entry);
                        return (entry, held);
                    }
                    catch
                    {
                        _client.ReleaseOutboxSlot();
                        throw;
                    }
                },
                cancellationToken).ConfigureAwait(false);
            ThrowIfHeld(held ?? []);
            if (queued is not null)
            {
                return queued;
            }
        }
    }

    /// <summary>
    /// What happens in the room, in order: messages, joins, leaves, hub changes, rekeys, rejected payloads.
    /// Read it continuously: the buffer holds <see cref="PyChatClientOptions.EventChannelCapacity"/> events,
    /// and when it is full the client stops reading from the relay (for every room) until it drains — nothing
    /// is dropped, but a client that stays behind is eventually disconnected by the relay. One reader at a time.
    /// Ends when the room is left; throws <see cref="PyChatConnectionException"/> when the client closes for good, and
    /// <see cref="PyChatRelayException"/> (<see cref="Protocol.ErrorCode.UnknownRoom"/>) when the room ended while this
    /// client was away. A reconnect does not end it: the same room goes on (<see cref="RoomResumed"/>, <see cref="MessagesMissed"/>).
    /// </summary>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    public IAsyncEnumerable<RoomEvent> ReadEventsAsync(CancellationToken cancellationToken = default) =>
        _events.Reader.ReadAllAsync(cancellationToken);

    /// <summary>
    /// Completes once this client holds a room key it can send with (at once for the creator; see <see cref="HasKey"/>).
    /// </summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="PyChatConnectionException">The connection was lost first.</exception>
    public Task WaitForKeyAsync(CancellationToken cancellationToken = default) => Volatile.Read(ref _keyed).Task.WaitAsync(cancellationToken);

    /// <summary>
    /// Leaves the room. The other members get a new key the departed member never sees. Sends are refused from the
    /// call on; events go on until the relay has answered, so that every message the relay ordered before the leave is
    /// read (a member gets everything said while it was in the room), then end.
    /// Does nothing if the room was already left or the connection is gone.
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait for the relay's answer.</param>
    public async Task LeaveAsync(CancellationToken cancellationToken = default)
    {
        int state;
        do
        {
            state = Volatile.Read(ref _state);
            if (state is Ended or Leaving)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _state, state == Joined ? Leaving : Ended, state) != state);

        if (state != Joined)
        {
            _client.Forget(this);
            End(null);
        }

        try
        {
            await _client.RequestAsync<OkFrame>(id => new LeaveRoomFrame(id, Name), cancellationToken).ConfigureAwait(false);
        }
        catch (PyChatConnectionException)
        {
            // The connection is gone, and with it the membership.
        }
        catch (PyChatTimeoutException) when (_client.ConnectionState != ConnectionState.Connected)
        {
            // Not reconnected in time: the relay gives the away seat up at the end of its grace period.
        }
        finally
        {
            if (Interlocked.Exchange(ref _state, Ended) == Leaving)
            {
                _client.Forget(this);
                End(null);
            }

            await _ticks.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The safety number between this user and <paramref name="member"/>: the same on both sides; compare it
    /// out of band (read it aloud) to rule out a relay that substitutes keys.
    /// </summary>
    /// <param name="member">A current member's name.</param>
    /// <exception cref="ArgumentException"><paramref name="member"/> is not in the room.</exception>
    public string SafetyNumberWith(string member) => SafetyNumber.Compute(Find(_self).IdentityKey, Find(member).IdentityKey);

    /// <summary>
    /// Records <paramref name="member"/>'s current identity key as trusted in the known-peers store: the user
    /// accepted it (after comparing safety numbers, see <see cref="SafetyNumberWith"/>). If the key had changed,
    /// the hold on sends it caused ends (<see cref="SendsResumed"/>) in every room of this client, and where this
    /// client is key hub it starts a new epoch that keys the member. Completes once every room has applied it.
    /// </summary>
    /// <param name="member">A current member's name.</param>
    /// <param name="cancellationToken">Cancels the wait for the rooms.</param>
    /// <exception cref="ArgumentException"><paramref name="member"/> is not in the room.</exception>
    public Task TrustAsync(string member, CancellationToken cancellationToken = default)
    {
        _client.KnownPeers.Trust(member, Find(member).IdentityKey);
        return _client.OnPeerTrustedAsync(cancellationToken);
    }

    /// <summary>Leaves the room (see <see cref="LeaveAsync"/>), ignoring a lost connection.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await LeaveAsync().ConfigureAwait(false);
        }
        catch (PyChatException)
        {
            // Disposal must not throw; a refused or timed-out leave leaves nothing to clean up here.
        }
    }

    internal byte[] CreateAnnouncement() => _session.CreateAnnouncement();

    /// <summary>
    /// RoomJoined, on the receive loop: the answer to this room's CreateRoom or JoinRoom, or to the JoinRoom of a
    /// rejoin after a lost seat (then the fresh session takes it).
    /// </summary>
    internal async Task OnRoomJoinedAsync(RoomJoinedFrame frame, RelayLink link, CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, Joined, Entering) == Entering)
        {
            await CallAsync(session => TakeSeat(session, frame, link, _created), cancellationToken).ConfigureAwait(false);
            _ticks = TickAsync(_ending.Token);
            return;
        }

        await CallIfJoinedAsync(
            session =>
            {
                if (_phase == Phase.Rejoining)
                {
                    TakeSeat(session, frame, link, created: false);
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    internal Task OnMemberJoinedAsync(MemberJoinedFrame frame, CancellationToken cancellationToken) =>
        CallForFrameAsync(frame.Offset, session => session.OnMemberJoined(frame), cancellationToken);

    internal Task OnMemberLeftAsync(MemberLeftFrame frame, CancellationToken cancellationToken) =>
        CallForFrameAsync(frame.Offset, session => session.OnMemberLeft(frame), cancellationToken);

    internal Task OnMemberAwayAsync(MemberAwayFrame frame, CancellationToken cancellationToken) =>
        CallForFrameAsync(frame.Offset, session => session.OnMemberAway(frame), cancellationToken);

    internal Task OnMemberBackAsync(MemberBackFrame frame, CancellationToken cancellationToken) =>
        CallForFrameAsync(frame.Offset, session => session.OnMemberBack(frame), cancellationToken);

    /// <summary>
    /// A Deliver. One with this client as sender is its own message replayed on resume: it completes the outbox entry
    /// with the same payload bytes (the relay never re-encodes), which is then not sent again; the session takes its
    /// offset and shows nothing.
    /// </summary>
    internal Task OnDeliverAsync(DeliverFrame frame, CancellationToken cancellationToken) =>
        CallForFrameAsync(
            frame.Offset,
            session =>
            {
                if (string.Equals(frame.Sender, _self, StringComparison.Ordinal))
                {
                    MatchOwnDeliver(frame);
                }

                session.OnDeliver(frame);
            },
            cancellationToken);

    internal Task OnTrustChangedAsync(CancellationToken cancellationToken) =>
        CallIfJoinedAsync(session => session.OnTrustChanged(), cancellationToken);

    /// <summary>The relay ordered a publish of this room (its Published, on the receive loop).</summary>
    internal Task OnPublishedAsync(OutboxEntry entry, RelayLink link, ulong offset, CancellationToken cancellationToken) =>
        CallAsync(
            _ =>
            {
                if (entry.SentOn == link && _outbox.Contains(entry))
                {
                    NoteOffset(offset);
                    Complete(entry, offset);
                }
            },
            cancellationToken);

    /// <summary>The relay refused a publish of this room: it reached no one; its sender is told why.</summary>
    internal Task OnPublishRefusedAsync(OutboxEntry entry, RelayLink link, PyChatRelayException error, CancellationToken cancellationToken) =>
        CallAsync(
            _ =>
            {
                if (entry.SentOn == link && _outbox.Contains(entry))
                {
                    Fail(entry, error);
                }
            },
            cancellationToken);

    /// <summary>
    /// The connection <paramref name="link"/> is gone (its receive loop is over, so every answer that came on it has
    /// been handled). Publishes written on it and not answered may or may not have been ordered: they wait for the
    /// resume's replay to tell.
    /// </summary>
    internal Task OnLinkLostAsync(RelayLink link) =>
        CallAsync(
            _ =>
            {
                if (_live == link)
                {
                    _live = null;
                }

                if (_phase is Phase.Live or Phase.Resuming)
                {
                    _phase = Phase.Away;
                }

                foreach (var entry in _outbox)
                {
                    if (entry.SentOn == link)
                    {
                        entry.SentOn = null;
                        entry.RequestId = 0;
                    }
                }
            },
            CancellationToken.None);

    /// <summary>Logged in again on <paramref name="link"/>: take the seat back (ResumeRoom), or join again if it was lost before.</summary>
    internal void Resume(RelayLink link) =>
        _ = ResumeAsync(link).ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    /// <summary>RoomResumed, on the receive loop after the replayed frames: the room is caught up; what waited goes out, in order.</summary>
    internal Task OnRoomResumedAsync(RoomResumedFrame frame, RelayLink link, CancellationToken cancellationToken) =>
        CallIfJoinedAsync(
            session =>
            {
                if (_phase != Phase.Resuming || link.IsLost)
                {
                    return;
                }

                NoteOffset(frame.Offset);
                session.CatchingUp = false;

                // What is left in the outbox was never ordered (the replay is complete). Rekeys made for the room as it
                // was are dropped, not sent late; messages go out under the current key (the old one may be retired).
                foreach (var entry in _outbox.ToArray())
                {
                    if (entry.Payload is not { } payload)
                    {
                        continue;
                    }

                    if (entry.Done is null && session.OnPublishRefused(payload))
                    {
                        _outbox.Remove(entry);
                        continue;
                    }

                    entry.Payload = session.Reseal(payload);
                    entry.MaybeOrdered = false;
                }

                // Followed while nothing goes out yet: a Rekey this makes queues behind the messages that waited.
                session.OnRoomResumed(frame);
                _output.Raise(new RoomResumed(Name, Now, _caughtUp));
                GoLive(link);
            },
            cancellationToken);

    internal void OnConnectionLost(PyChatConnectionException error)
    {
        Interlocked.Exchange(ref _state, Ended);
        End(error);
    }

    /// <summary>The create or join failed: nothing to leave.</summary>
    internal async Task AbandonAsync()
    {
        Interlocked.Exchange(ref _state, Ended);
        End(new PyChatConnectionException($"Room '{Name}' was never entered."));
        await _ticks.ConfigureAwait(false);
    }

    private DateTimeOffset Now => _client.Options.TimeProvider.GetUtcNow();

    private RoomSession NewSession()
    {
        var options = _client.Options;
        return new RoomSession(Name, _self, _identity, options.Rooms, options.TimeProvider, _client.KnownPeers, _output);
    }

    private void TakeSeat(RoomSession session, RoomJoinedFrame frame, RelayLink link, bool created)
    {
        _logEpoch = frame.LogEpoch;
        _lastOffset = frame.Offset;
        _rejoinedAt = 0;
        _live = link.IsLost ? null : link;
        _phase = _live is null ? Phase.Away : Phase.Live;
        session.OnRoomJoined(frame, created);
    }

    private async Task ResumeAsync(RelayLink link)
    {
        if (Volatile.Read(ref _state) != Joined)
        {
            return;
        }

        var seat = await CallAsync<(ulong Epoch, ulong Offset)?>(
            session =>
            {
                if (link.IsLost || _phase is not (Phase.Away or Phase.Rejoining))
                {
                    return null;
                }

                if (_phase == Phase.Rejoining)
                {
                    return (0, 0);
                }

                _phase = Phase.Resuming;
                _caughtUp = 0;
                session.CatchingUp = true;
                return (_logEpoch, _lastOffset);
            },
            CancellationToken.None).ConfigureAwait(false);
        if (seat is not { } resume)
        {
            return;
        }

        if (resume is (0, 0))
        {
            // A rejoin that did not get its answer before the previous connection dropped: join again.
            await JoinAgainAsync(link, await CallAsync(session => session.CreateAnnouncement(), CancellationToken.None).ConfigureAwait(false)).ConfigureAwait(false);
            return;
        }

        try
        {
            // The replayed frames and RoomResumed are handled on the receive loop, in order.
            await _client.RequestOnAsync<RoomResumedFrame>(link, id => new ResumeRoomFrame(id, Name, resume.Epoch, resume.Offset), CancellationToken.None)
                .ConfigureAwait(false);
        }
        catch (PyChatRelayException e)
        {
            await RejoinAsync(link, e).ConfigureAwait(false);
        }
        catch (PyChatTimeoutException)
        {
            // The relay does not answer on this connection: give it up; the next one resumes.
            link.Socket.Abort();
        }
        catch (PyChatConnectionException)
        {
            // The connection dropped again; the next reconnect resumes.
        }
    }

    /// <summary>
    /// The seat could not be resumed (<see cref="Protocol.ErrorCode.ResumeGap"/>, <see cref="Protocol.ErrorCode.NotMember"/>):
    /// join again as a new member, with a fresh session (fresh member key); messages not yet acknowledged are encrypted
    /// again under the new session's key once it has one, Rekeys of the old session are dropped. A room that is gone
    /// (<see cref="Protocol.ErrorCode.UnknownRoom"/>) ends.
    /// </summary>
    private async Task RejoinAsync(RelayLink link, PyChatRelayException refusal)
    {
        var announcement = await CallIfJoinedAsync<byte[]?>(
            session =>
            {
                if (_phase != Phase.Resuming)
                {
                    return null;
                }

                session.CatchingUp = false;
                _output.Raise(new MessagesMissed(Name, Now, $"{refusal.Code}: {refusal.RelayMessage}"));
                if (refusal.Code == Protocol.ErrorCode.UnknownRoom)
                {
                    _phase = Phase.Away;
                    return [];
                }

                _session.Dispose();
                _session = NewSession();
                _phase = Phase.Rejoining;
                _rejoinedAt = _client.Options.TimeProvider.GetTimestamp();
                foreach (var entry in _outbox.ToArray())
                {
                    if (entry.IsRekey)
                    {
                        _outbox.Remove(entry);
                    }
                    else
                    {
                        entry.Payload = null;
                        entry.MaybeOrdered = false;
                        entry.SentOn = null;
                    }
                }

                return _session.CreateAnnouncement();
            },
            CancellationToken.None).ConfigureAwait(false);
        if (announcement is null)
        {
            return;
        }

        if (announcement.Length == 0)
        {
            EndRemotely(new PyChatRelayException(refusal.Code, $"room '{Name}' ended while this client was away"));
            return;
        }

        await JoinAgainAsync(link, announcement).ConfigureAwait(false);
    }

    private async Task JoinAgainAsync(RelayLink link, byte[] announcement)
    {
        try
        {
            // RoomJoined is handled on the receive loop (OnRoomJoinedAsync).
            await _client.RequestOnAsync<RoomJoinedFrame>(link, id => new JoinRoomFrame(id, Name, announcement), CancellationToken.None).ConfigureAwait(false);
        }
        catch (PyChatRelayException e)
        {
            await CallIfJoinedAsync(_ => _output.Raise(new MessagesMissed(Name, Now, $"joining again was refused: {e.Code}: {e.RelayMessage}")), CancellationToken.None)
                .ConfigureAwait(false);
            EndRemotely(new PyChatRelayException(e.Code, e.RelayMessage));
        }
        catch (PyChatTimeoutException)
        {
            link.Socket.Abort();
        }
        catch (PyChatConnectionException)
        {
            // The next reconnect joins again.
        }
    }

    /// <summary>The room is over on the relay's side: its events end with <paramref name="error"/>, its pending sends fail with it.</summary>
    private void EndRemotely(PyChatRelayException error)
    {
        if (Interlocked.Exchange(ref _state, Ended) == Ended)
        {
            return;
        }

        _client.Forget(this);
        End(error);
    }

    private void NoteOffset(ulong offset)
    {
        if (offset > _lastOffset)
        {
            _lastOffset = offset;
        }
    }

    /// <summary>Appends a publish to the outbox; it goes out at once if the room is live.</summary>
    private void Enqueue(OutboxEntry entry)
    {
        _outbox.Add(entry);
        if (_live is { } link && Volatile.Read(ref _state) != Leaving)
        {
            _client.WritePublish(link, this, entry);
        }
    }

    /// <summary>What the session publishes (Rekeys): called inside a session call, under the gate.</summary>
    private void OnSessionPublish(byte[] payload) => Enqueue(OutboxEntry.Rekey(payload));

    /// <summary>The room is on <paramref name="link"/>: everything that waited goes out, in its order.</summary>
    private void GoLive(RelayLink link)
    {
        _phase = Phase.Live;
        _live = link;
        foreach (var entry in _outbox.ToArray())
        {
            if (entry.SentOn is null && entry.Payload is not null)
            {
                _client.WritePublish(link, this, entry);
            }
        }
    }

    private void MatchOwnDeliver(DeliverFrame frame)
    {
        var entry = _outbox.Find(e => e.MaybeOrdered && e.Payload is { } p && frame.Payload.Span.SequenceEqual(p));
        if (entry is not null)
        {
            Complete(entry, frame.Offset);
        }
    }

    private void Complete(OutboxEntry entry, ulong offset)
    {
        _outbox.Remove(entry);
        if (entry.SentOn is { } link)
        {
            link.Publishes.TryRemove(entry.RequestId, out _);
        }

        _session.OnPublished(entry.Payload!, offset);
        if (entry.Done is { } done)
        {
            _client.ReleaseOutboxSlot();
            done.TrySetResult(offset);
        }
    }

    private void Fail(OutboxEntry entry, Exception error)
    {
        _outbox.Remove(entry);
        if (entry.SentOn is { } link)
        {
            link.Publishes.TryRemove(entry.RequestId, out _);
        }

        if (entry.Done is { } done)
        {
            _client.ReleaseOutboxSlot();
            done.TrySetException(error);
        }
        else
        {
            _session.OnPublishRefused(entry.Payload!);
            _client.CountDropped();
        }
    }

    private async Task WithdrawAsync(OutboxEntry entry)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!entry.MaybeOrdered && _outbox.Remove(entry))
            {
                _client.ReleaseOutboxSlot();
                entry.Done?.TrySetCanceled();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// After every session call: messages of a rejoined room waiting for the new session's key are encrypted again
    /// with it, in their order, and go to the end of the outbox (behind the Rekey that brought the key).
    /// </summary>
    private void Reencrypt(RoomSession session)
    {
        if (_phase != Phase.Live || !_outbox.Exists(e => e.Payload is null))
        {
            return;
        }

        var held = session.SendsHeldBy;
        if (held.Count == 0 && !session.HasKey)
        {
            return;
        }

        foreach (var entry in _outbox.FindAll(e => e.Payload is null))
        {
            if (held.Count > 0)
            {
                Fail(entry, new PyChatSendsHeldException(Name, held));
                continue;
            }

            _outbox.Remove(entry);
            entry.Payload = session.EncryptMessage(entry.Text!);
            Enqueue(entry);
        }
    }

    /// <summary>
    /// On the room's timer: messages of a rejoined room still without a key after the request timeout fail; a
    /// publish the relay leaves unanswered that long means the connection is dead in all but name: it is given up,
    /// and the reconnect's resume settles what was ordered.
    /// </summary>
    private void CheckOutbox()
    {
        var time = _client.Options.TimeProvider;
        var limit = _client.Options.RequestTimeout;
        if (_rejoinedAt != 0 && time.GetElapsedTime(_rejoinedAt) >= limit)
        {
            foreach (var entry in _outbox.FindAll(e => e.Payload is null))
            {
                Fail(entry, new PyChatTimeoutException($"No key for room '{Name}' arrived within {limit.TotalSeconds:0.#} s of joining it again."));
            }
        }

        if (_live is { } link && _outbox.Exists(e => e.SentOn == link && time.GetElapsedTime(e.SentAt) >= limit))
        {
            link.Socket.Abort();
        }
    }

    private void End(Exception? error)
    {
        _endedBy = error;
        _ending.Cancel();
        _events.Writer.TryComplete(error);
        FailKeyWait(Volatile.Read(ref _keyed));
        _ = DisposeSessionAsync();
    }

    private void FailKeyWait(TaskCompletionSource keyed)
    {
        keyed.TrySetException(_endedBy ?? new PyChatConnectionException($"Room '{Name}' was left."));
        _ = keyed.Task.Exception; // observed: nobody may be waiting for a key
    }

    /// <summary>Fails what is left in the outbox and zeroes the session's keys once the call in progress, if any, is over.</summary>
    private async Task DisposeSessionAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_sessionDisposed)
            {
                _sessionDisposed = true;
                var error = EndedError();
                foreach (var entry in _outbox.ToArray())
                {
                    Fail(entry, error);
                }

                _session.Dispose();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private void ThrowIfEnded()
    {
        if (Volatile.Read(ref _state) is Ended or Leaving)
        {
            throw EndedError();
        }
    }

    private Exception EndedError() => _endedBy switch
    {
        PyChatConnectionException lost => new PyChatConnectionException(lost.Message, lost),
        PyChatRelayException gone => new PyChatRelayException(gone.Code, gone.RelayMessage),
        _ => new InvalidOperationException($"Room '{Name}' was left."),
    };

    /// <summary>Re-reads trust (releasing the hold, and as hub keying, members trusted meanwhile); the members still holding sends.</summary>
    private static IReadOnlyList<string> TrustedNow(RoomSession session)
    {
        session.OnTrustChanged();
        return session.SendsHeldBy;
    }

    private void ThrowIfHeld(IReadOnlyList<string> held)
    {
        if (held.Count > 0)
        {
            throw new PyChatSendsHeldException(Name, held);
        }
    }

    private Task CallIfJoinedAsync(Action<RoomSession> call, CancellationToken cancellationToken) =>
        Volatile.Read(ref _state) is Joined or Leaving ? CallAsync(call, cancellationToken) : Task.CompletedTask;

    private Task<T?> CallIfJoinedAsync<T>(Func<RoomSession, T?> call, CancellationToken cancellationToken) =>
        Volatile.Read(ref _state) is Joined or Leaving ? CallAsync(call, cancellationToken) : Task.FromResult(default(T));

    /// <summary>A frame of the room's order: its offset is noted (for ResumeRoom) and, while resuming, counted as caught up.</summary>
    private Task CallForFrameAsync(ulong offset, Action<RoomSession> call, CancellationToken cancellationToken) =>
        CallIfJoinedAsync(
            session =>
            {
                if (_phase == Phase.Rejoining)
                {
                    return; // the fresh session has no RoomJoined yet; the relay sends nothing before it
                }

                NoteOffset(offset);
                if (_phase == Phase.Resuming)
                {
                    _caughtUp++;
                }

                call(session);
            },
            cancellationToken);

    private Task CallAsync(Action<RoomSession> call, CancellationToken cancellationToken) =>
        CallAsync<object?>(session =>
        {
            call(session);
            return null;
        }, cancellationToken);

    /// <summary>
    /// One call into the session under the room's gate, then its events into the channel, still under the
    /// gate so events stay in session order. Waiting for channel space here is the backpressure.
    /// </summary>
    private async Task<T> CallAsync<T>(Func<RoomSession, T> call, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_sessionDisposed)
            {
                // The room ended while this call waited for the gate: a frame for it is dropped quietly,
                // and a send finds out from ThrowIfEnded.
                return default!;
            }

            var result = call(_session);
            Reencrypt(_session);
            Refresh();
            foreach (var e in _output.TakeEvents())
            {
                await _events.Writer.WriteAsync(e, cancellationToken).ConfigureAwait(false);
            }

            if (_session.IsExhausted)
            {
                // No key can be made any more: leave, off this call (LeaveAsync waits for the tick loop).
                _ = Task.Run(() => LeaveAsync(CancellationToken.None)).ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
            }

            return result;
        }
        catch (ChannelClosedException)
        {
            // The room was left while events waited for space; nobody will read them.
            return default!;
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Refresh()
    {
        var hub = _session.Hub;
        var members = _session.Members
            .Select(m => new RoomMemberInfo(m.Name, m.Fingerprint, m.IdentityKey, m.Name == hub))
            .ToArray();
        _snapshot = new Snapshot(hub, _session.CurrentEpoch, _session.HasKey, members, _session.SendsHeldBy);
        var keyed = Volatile.Read(ref _keyed);
        if (_session.HasKey)
        {
            keyed.TrySetResult();
        }
        else if (keyed.Task.IsCompletedSuccessfully)
        {
            // The key this client could send with became receive-only (a member left): senders wait again.
            var next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Interlocked.Exchange(ref _keyed, next); // a full fence: End either sees `next` or we see Ended
            if (Volatile.Read(ref _state) == Ended)
            {
                FailKeyWait(next); // End ran meanwhile and failed the previous one
            }
        }
    }

    private RoomMemberInfo Find(string member) =>
        _snapshot.Members.FirstOrDefault(m => m.Name == member)
        ?? throw new ArgumentException($"'{member}' is not a member of room '{Name}'.", nameof(member));

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_client.Options.RoomTickInterval, _client.Options.TimeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                await CallAsync(
                    session =>
                    {
                        session.OnTick();
                        CheckOutbox();
                    },
                    cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The room ended.
        }
    }

    private sealed record Snapshot(string Hub, uint Epoch, bool HasKey, IReadOnlyList<RoomMemberInfo> Members, IReadOnlyList<string> SendsHeldBy);
}
