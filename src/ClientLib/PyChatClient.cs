using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using PyChat.Client.Cryptography;
using PyChat.Client.Internal;

namespace PyChat.Client;

/// <summary>
/// A connection to a PyChat relay: log in, list, create and join rooms. Rooms are end-to-end encrypted;
/// the relay only routes ciphertext. Thread-safe. Once logged in, a lost connection is re-established by
/// itself (log in again, resume every room); <see cref="ReadConnectionEventsAsync"/> tells what happens.
/// Dispose to close the connection, which leaves every room.
/// </summary>
/// <remarks>
/// Open one with <see cref="ConnectAsync"/>. The implementation is split by verb: connecting
/// (<c>PyChatClient.Connect.cs</c>), logging in (<c>.Authenticate.cs</c>), rooms (<c>.Rooms.cs</c>),
/// the receive loop (<c>.Receive.cs</c>), the send loop (<c>.Send.cs</c>) and reconnecting (<c>.Reconnect.cs</c>).
/// The socket and what lives as long as it (send queue, pending requests, challenge) are a <see cref="RelayLink"/>,
/// swapped for a new one on every reconnect.
/// </remarks>
public sealed partial class PyChatClient : IAsyncDisposable
{
    private readonly PyChatClientOptions _options;
    private readonly RelayAddresses _addresses;
    private readonly X509Certificate2 _ca;
    private readonly X509Certificate2? _ownedCa;
    private readonly byte[] _relayId;
    private readonly IKnownPeers _knownPeers;
    private readonly IFrameTap? _tap;
    private readonly ConcurrentDictionary<string, ChatRoom> _rooms = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _closing = new();
    private readonly Lock _stateLock = new();
    private readonly Channel<ConnectionEvent> _connectionEvents = Channel.CreateBounded<ConnectionEvent>(new BoundedChannelOptions(256)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    });

    private volatile RelayLink _link;
    private TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile ConnectionState _state = ConnectionState.Connected;
    private Task _supervisor = Task.CompletedTask;
    private volatile Login? _login;
    private volatile PyChatConnectionException? _closed;
    private int _disposed;
    private int _outboxCount;

    private PyChatClient(PyChatClientOptions options, RelayAddresses addresses, X509Certificate2 ca, X509Certificate2? ownedCa, RelayLink link, byte[] relayId)
    {
        _options = options;
        _addresses = addresses;
        _ca = ca;
        _ownedCa = ownedCa;
        _link = link;
        _relayId = relayId;
        _knownPeers = options.KnownPeers ?? new KnownPeersInMemory();
        _tap = options.FrameTap;
        _connected.SetResult();
    }

    /// <summary>The user this connection is logged in as, or null before a successful register or login.</summary>
    public string? User => _login?.User;

    /// <summary>The relay's id: SHA-256 of the pinned CA certificate (DER), checked against the relay's Hello.</summary>
    public ReadOnlyMemory<byte> RelayId => _relayId;

    /// <summary>
    /// Connected, reconnecting after a lost connection, or closed for good (disposed, or a failure retrying cannot fix).
    /// </summary>
    public ConnectionState ConnectionState => _state;

    internal PyChatClientOptions Options => _options;

    internal IKnownPeers KnownPeers => _knownPeers;

    /// <summary>The connection in use now (test hooks, and rooms that publish).</summary>
    internal RelayLink Link => _link;

    /// <summary>
    /// What happens to the connection, in order: <see cref="ConnectionLost"/>, <see cref="Reconnecting"/> (once per
    /// attempt, with its back-off), <see cref="Reconnected"/>, and at the end <see cref="ConnectionClosed"/>, after which
    /// the enumeration ends. One reader at a time; the stream keeps the latest 256 events if nobody reads.
    /// </summary>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    public IAsyncEnumerable<ConnectionEvent> ReadConnectionEventsAsync(CancellationToken cancellationToken = default) =>
        _connectionEvents.Reader.ReadAllAsync(cancellationToken);

    /// <summary>
    /// Closes the connection: queued frames are sent, then the WebSocket close handshake is attempted for a
    /// short while. Every room ends; pending requests and sends fail with <see cref="PyChatConnectionException"/>.
    /// Also stops a reconnect in progress.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // Ends every room and request first, so they report the disposal rather than the close that follows.
        Close(new PyChatConnectionException("The client was disposed."));
        await _closing.CancelAsync().ConfigureAwait(false);
        var link = _link;
        using (var grace = new CancellationTokenSource(TimeSpan.FromSeconds(2), _options.TimeProvider))
        {
            try
            {
                // The send loop drains what was queued before the disposal, then the close handshake.
                await link.SendLoop.WaitAsync(grace.Token).ConfigureAwait(false);
                if (link.Socket.State == WebSocketState.Open)
                {
                    await link.Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, grace.Token).ConfigureAwait(false);
                    await link.ReceiveLoop.WaitAsync(grace.Token).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException or PyChatException)
            {
                // The relay is gone or slow to answer the close; the abort below ends it either way.
            }
        }

        await link.Closing.CancelAsync().ConfigureAwait(false);
        link.Socket.Abort();
        await Task.WhenAll(link.ReceiveLoop, link.SendLoop).ConfigureAwait(false);
        await _supervisor.ConfigureAwait(false);
        link.Dispose();
        _closing.Dispose();
        _ownedCa?.Dispose();
    }

    /// <summary>Test hook: drops the TCP connection without a close handshake, as a crash or a cable pull would.</summary>
    internal void AbortConnection() => _link.Socket.Abort();

    /// <summary>
    /// The end, for good: every room ends, every waiter fails with <paramref name="error"/>, and the connection
    /// events end with <see cref="ConnectionClosed"/>. Called by the reconnect supervisor for a failure retrying
    /// cannot fix, and by <see cref="DisposeAsync"/>; the first reason wins.
    /// </summary>
    private void Close(PyChatConnectionException error)
    {
        TaskCompletionSource connected;
        lock (_stateLock)
        {
            if (_closed is not null)
            {
                return;
            }

            _closed = error;
            _state = ConnectionState.Closed;
            connected = _connected;
        }

        connected.TrySetException(error);
        _ = connected.Task.Exception;
        _link.Fail(error);
        foreach (var room in _rooms.Values)
        {
            room.OnConnectionLost(error);
        }

        _rooms.Clear();
        Emit(new ConnectionClosed(_options.TimeProvider.GetUtcNow(), error.Message));
        _connectionEvents.Writer.TryComplete();
    }

    private void Emit(ConnectionEvent e) => _connectionEvents.Writer.TryWrite(e);

    /// <summary>One outbox slot for a chat message (<see cref="PyChatClientOptions.OutboxCapacity"/>, over all rooms); false when full.</summary>
    internal bool TryTakeOutboxSlot()
    {
        if (Interlocked.Increment(ref _outboxCount) <= _options.OutboxCapacity)
        {
            return true;
        }

        Interlocked.Decrement(ref _outboxCount);
        return false;
    }

    internal void ReleaseOutboxSlot() => Interlocked.Decrement(ref _outboxCount);

    private sealed record Login(string User, IdentityKey Identity);
}
