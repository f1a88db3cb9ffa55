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

    private readonly PyChatClient _client;
    private readonly string _self;
    private readonly bool _created;
    private readonly RoomOutput _output;
    private readonly RoomSession _session;

    // RoomSession is single-threaded: every call into it (receive loop, timer, SendAsync) holds this gate.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Channel<RoomEvent> _events;
    private TaskCompletionSource _keyed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _ending = new();
    private volatile Snapshot _snapshot = new(string.Empty, 0, false, [], []);
    private Task _ticks = Task.CompletedTask;
    private int _state = Entering;
    private volatile PyChatConnectionException? _endedBy;
    private bool _sessionDisposed;

    internal ChatRoom(PyChatClient client, string name, string self, IdentityKey identity, bool created)
    {
        _client = client;
        _self = self;
        _created = created;
        Name = name;
        var options = client.Options;
        _events = Channel.CreateBounded<RoomEvent>(new BoundedChannelOptions(options.EventChannelCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleWriter = true,
        });
        _output = new RoomOutput(client, name, (payload, offset) => _ = OnPublishedAsync(payload, offset));
        _session = new RoomSession(name, self, identity, options.Rooms, options.TimeProvider, client.KnownPeers, _output);
    }

    /// <summary>The room's name.</summary>
    public string Name { get; }

    /// <summary>The member that hands out room keys now: the creator, then the longest-present member.</summary>
    public string Hub => _snapshot.Hub;

    /// <summary>The members, in join order, this client included.</summary>
    public IReadOnlyList<RoomMemberInfo> Members => _snapshot.Members;

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
    /// it is in the room's order, and every member present gets it.
    /// </summary>
    /// <param name="text">The message. It never appears in exceptions or logs.</param>
    /// <param name="cancellationToken">Cancels the wait for a key or for the socket.</param>
    /// <exception cref="PyChatSendsHeldException">
    /// A member's identity key changed and is not trusted (<see cref="SendsHeldBy"/>); nothing was sent. It does not
    /// wait for the user's decision: trust the member (<see cref="TrustAsync"/>) or leave, then send again.
    /// </exception>
    /// <exception cref="PyChatTimeoutException">No room key, or no acknowledgement, arrived in time.</exception>
    /// <exception cref="PyChatRelayException">The relay refused the message (rate limit, too large, not a member); it was not delivered.</exception>
    /// <exception cref="PyChatConnectionException">The connection is gone.</exception>
    public async Task SendAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        ThrowIfEnded();
        var options = _client.Options;
        using var timeout = new CancellationTokenSource(options.RequestTimeout, options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            while (true)
            {
                ThrowIfEnded();

                // Fail at once rather than after the wait for a key. Trust is read afresh: the application may
                // have trusted the key through IKnownPeers directly.
                ThrowIfHeld(await CallAsync(TrustedNow, linked.Token).ConfigureAwait(false) ?? []);
                await WaitForKeyAsync(linked.Token).ConfigureAwait(false);

                // Encrypt and queue under the gate, so the message leaves after any rekey the session
                // published before it, and is encrypted with the key that rekey announced. The hold is
                // checked here again: a member with a changed key may have joined while this waited.
                var (written, held) = await CallAsync<(Task?, IReadOnlyList<string>)>(
                    session =>
                    {
                        ThrowIfEnded();
                        var held = TrustedNow(session);
                        return held.Count > 0 || !session.HasKey
                            ? (null, held)
                            : (PublishAsync(session.EncryptMessage(text), cancellationToken), held);
                    },
                    linked.Token).ConfigureAwait(false);
                ThrowIfHeld(held ?? []);
                if (written is not null)
                {
                    await written.WaitAsync(cancellationToken).ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new PyChatTimeoutException($"No key for room '{Name}' arrived within {options.RequestTimeout.TotalSeconds:0.#} s.", e);
        }
    }

    /// <summary>
    /// What happens in the room, in order: messages, joins, leaves, hub changes, rekeys, rejected payloads.
    /// Read it continuously: the buffer holds <see cref="PyChatClientOptions.EventChannelCapacity"/> events,
    /// and when it is full the client stops reading from the relay (for every room) until it drains — nothing
    /// is dropped, but a client that stays behind is eventually disconnected by the relay. One reader at a time.
    /// Ends when the room is left; throws <see cref="PyChatConnectionException"/> when the connection is lost.
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
    /// Leaves the room. The other members get a new key the departed member never sees. Events end.
    /// Does nothing if the room was already left or the connection is gone.
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait for the relay's answer.</param>
    public async Task LeaveAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _state, Ended) == Ended)
        {
            return;
        }

        _client.Forget(this);
        End(null);
        try
        {
            await _client.RequestAsync<OkFrame>(id => new LeaveRoomFrame(id, Name), cancellationToken).ConfigureAwait(false);
        }
        catch (PyChatConnectionException)
        {
            // The connection is gone, and with it the membership.
        }
        finally
        {
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

    internal async Task OnRoomJoinedAsync(RoomJoinedFrame frame, CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, Joined, Entering) != Entering)
        {
            return;
        }

        await CallAsync(session => session.OnRoomJoined(frame, _created), cancellationToken).ConfigureAwait(false);
        _ticks = TickAsync(_ending.Token);
    }

    internal Task OnMemberJoinedAsync(MemberJoinedFrame frame, CancellationToken cancellationToken) =>
        CallIfJoinedAsync(session => session.OnMemberJoined(frame), cancellationToken);

    internal Task OnMemberLeftAsync(MemberLeftFrame frame, CancellationToken cancellationToken) =>
        CallIfJoinedAsync(session => session.OnMemberLeft(frame), cancellationToken);

    internal Task OnMemberAwayAsync(MemberAwayFrame frame, CancellationToken cancellationToken) =>
        CallIfJoinedAsync(session => session.OnMemberAway(frame), cancellationToken);

    internal Task OnMemberBackAsync(MemberBackFrame frame, CancellationToken cancellationToken) =>
        CallIfJoinedAsync(session => session.OnMemberBack(frame), cancellationToken);

    internal Task OnDeliverAsync(DeliverFrame frame, CancellationToken cancellationToken) =>
        CallIfJoinedAsync(session => session.OnDeliver(frame), cancellationToken);

    /// <summary>
    /// Publishes a payload the session made; once the relay acknowledged it, tells the session its offset, without waiting
    /// for the room's gate (the session needs the offset, not the moment: docs/PROTOCOL.md §6.5).
    /// </summary>
    private async Task PublishAsync(byte[] payload, CancellationToken cancellationToken)
    {
        var published = await _client.PublishAsync(Name, payload, cancellationToken).ConfigureAwait(false);
        _ = OnPublishedAsync(payload, published.Offset);
    }

    private Task OnPublishedAsync(byte[] payload, ulong offset) =>
        CallIfJoinedAsync(session => session.OnPublished(payload, offset), CancellationToken.None)
            .ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    internal Task OnTrustChangedAsync(CancellationToken cancellationToken) =>
        CallIfJoinedAsync(session => session.OnTrustChanged(), cancellationToken);

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

    private void End(PyChatConnectionException? error)
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

    /// <summary>Zeroes the session's keys once the call in progress, if any, is over.</summary>
    private async Task DisposeSessionAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_sessionDisposed)
            {
                _sessionDisposed = true;
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
        if (Volatile.Read(ref _state) == Ended)
        {
            throw _endedBy is { } lost
                ? new PyChatConnectionException(lost.Message, lost)
                : new InvalidOperationException($"Room '{Name}' was left.");
        }
    }

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
        Volatile.Read(ref _state) == Joined ? CallAsync(call, cancellationToken) : Task.CompletedTask;

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
                await CallAsync(session => session.OnTick(), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The room ended.
        }
    }

    private sealed record Snapshot(string Hub, uint Epoch, bool HasKey, IReadOnlyList<RoomMemberInfo> Members, IReadOnlyList<string> SendsHeldBy);
}
