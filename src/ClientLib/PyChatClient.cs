using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Threading.Channels;
using PyChat.Client.Cryptography;
using PyChat.Client.Internal;

namespace PyChat.Client;

/// <summary>
/// A connection to a PyChat relay: log in, list, create and join rooms. Rooms are end-to-end encrypted;
/// the relay only routes ciphertext. Thread-safe. Dispose to close the connection, which leaves every room.
/// </summary>
/// <remarks>
/// Open one with <see cref="ConnectAsync"/>. The implementation is split by verb: connecting
/// (<c>PyChatClient.Connect.cs</c>), logging in (<c>.Authenticate.cs</c>), rooms (<c>.Rooms.cs</c>),
/// the receive loop (<c>.Receive.cs</c>) and the send loop (<c>.Send.cs</c>).
/// </remarks>
public sealed partial class PyChatClient : IAsyncDisposable
{
    private readonly PyChatClientOptions _options;
    private readonly ClientWebSocket _socket;
    private readonly byte[] _relayId;
    private readonly IKnownPeers _knownPeers;
    private readonly IFrameTap? _tap;
    private readonly PendingRequests _pending = new();
    private readonly LoginChallenge _challenge = new();
    private readonly ConcurrentDictionary<string, ChatRoom> _rooms = new(StringComparer.Ordinal);
    private readonly Channel<OutgoingFrame> _outgoing = Channel.CreateUnbounded<OutgoingFrame>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _closing = new();
    private readonly SendPacer _pacer;
    private Task _receiveLoop = Task.CompletedTask;
    private Task _sendLoop = Task.CompletedTask;
    private volatile Login? _login;
    private volatile PyChatConnectionException? _closed;
    private int _disposed;

    private PyChatClient(PyChatClientOptions options, ClientWebSocket socket, byte[] relayId)
    {
        _options = options;
        _socket = socket;
        _relayId = relayId;
        _knownPeers = options.KnownPeers ?? new KnownPeersInMemory();
        _tap = options.FrameTap;
        _pacer = new SendPacer(options.TimeProvider);
    }

    /// <summary>The user this connection is logged in as, or null before a successful register or login.</summary>
    public string? User => _login?.User;

    /// <summary>The relay's id: SHA-256 of the pinned CA certificate (DER), checked against the relay's Hello.</summary>
    public ReadOnlyMemory<byte> RelayId => _relayId;

    internal PyChatClientOptions Options => _options;

    internal IKnownPeers KnownPeers => _knownPeers;

    /// <summary>
    /// Closes the connection: queued frames are sent, then the WebSocket close handshake is attempted for a
    /// short while. Every room ends; pending requests fail with <see cref="PyChatConnectionException"/>.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // Ends every room and request first, so they report the disposal rather than the close that follows.
        OnConnectionLost(new PyChatConnectionException("The client was disposed."));
        using (var grace = new CancellationTokenSource(TimeSpan.FromSeconds(2), _options.TimeProvider))
        {
            try
            {
                // The send loop drains what was queued before the disposal, then the close handshake.
                await _sendLoop.WaitAsync(grace.Token).ConfigureAwait(false);
                if (_socket.State == WebSocketState.Open)
                {
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, grace.Token).ConfigureAwait(false);
                    await _receiveLoop.WaitAsync(grace.Token).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException or PyChatException)
            {
                // The relay is gone or slow to answer the close; the abort below ends it either way.
            }
        }

        await _closing.CancelAsync().ConfigureAwait(false);
        _socket.Abort();
        await Task.WhenAll(_receiveLoop, _sendLoop).ConfigureAwait(false);
        _socket.Dispose();
        _closing.Dispose();
    }

    /// <summary>Test hook: drops the TCP connection without a close handshake, as a crash or a cable pull would.</summary>
    internal void AbortConnection() => _socket.Abort();

    /// <summary>
    /// Every room ends and every waiter fails with <paramref name="error"/>. Called once when the receive
    /// loop stops, and by <see cref="DisposeAsync"/>; the first reason wins.
    /// </summary>
    private void OnConnectionLost(PyChatConnectionException error)
    {
        if (Interlocked.CompareExchange(ref _closed, error, null) is not null)
        {
            return;
        }

        _pending.Close(error);
        _challenge.Close(error);
        _outgoing.Writer.TryComplete(error);
        foreach (var room in _rooms.Values)
        {
            room.OnConnectionLost(error);
        }

        _rooms.Clear();
    }

    private sealed record Login(string User, IdentityKey Identity);
}
