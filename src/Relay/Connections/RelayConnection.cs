using System.Net;
using System.Net.WebSockets;
using System.Threading.Channels;
using PyChat.Relay.Authentication;
using PyChat.Relay.Rooms;

namespace PyChat.Relay.Connections;

/// <summary>
/// One client's WebSocket and what the relay knows about it: who it is once logged in, its login
/// progress, its room memberships, and its bounded send queue. Anyone may enqueue to it or ask it
/// to close from any thread (including under a room lock): both only touch the queue and a flag.
/// </summary>
internal sealed class RelayConnection
{
    private static long _nextId;
    private readonly Channel<byte[]> _sendQueue;
    private readonly TaskCompletionSource _closeRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly WebSocket? _socket;
    private volatile string? _user;
    private readonly int _sendQueueBytes;
    private long _queuedBytes;
    private int _closeCode;

    public RelayConnection(WebSocket socket, IPAddress? remoteAddress, int sendQueueCapacity, SendBatchingStream? batching = null, int sendQueueBytes = int.MaxValue)
        : this(remoteAddress, sendQueueCapacity, sendQueueBytes)
    {
        _socket = socket;
        Batching = batching;
    }

    /// <summary>
    /// A connection without a socket here: a client of another relay node served by this one (docs/CLUSTER.md), whose
    /// send queue that node's forwarder drains.
    /// </summary>
    public RelayConnection(IPAddress? remoteAddress, int sendQueueCapacity, int sendQueueBytes)
    {
        _sendQueueBytes = sendQueueBytes;
        RemoteAddress = remoteAddress;
        _sendQueue = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(sendQueueCapacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite fails when full; nothing is dropped silently
        });
    }

    public long Id { get; } = Interlocked.Increment(ref _nextId);

    public WebSocket Socket => _socket ?? throw new InvalidOperationException("a connection of another relay node has no socket here");

    public IPAddress? RemoteAddress { get; }

    /// <summary>The stream under <see cref="Socket"/> that can hold writes back, or null when the socket was made without it.</summary>
    public SendBatchingStream? Batching { get; }

    /// <summary>Marks a connection of another node that closed with 1000 there: its seats are given up, not kept away.</summary>
    public void PeerClosedNormallyElsewhere() => ClosedByPeerNormally = true;

    /// <summary>The logged-in user, or null before login.</summary>
    public string? User => _user;

    /// <summary>The identity key registered for <see cref="User"/>.</summary>
    public byte[] IdentityKey { get; private set; } = [];

    public bool IsAuthenticated => _user is not null;

    public LoginState Login { get; } = new();

    public Memberships Memberships { get; } = new();

    /// <summary>This connection's Publishes waiting for the room log (its receive loop's alone).</summary>
    public PublishPipeline Publishes { get; } = new();

    /// <summary>The close code asked for, or 0 while the connection is open.</summary>
    public int CloseCode => Volatile.Read(ref _closeCode);

    public string CloseReason { get; private set; } = string.Empty;

    public bool IsClosing => CloseCode != 0;

    /// <summary>
    /// The peer started the close handshake with 1000 before the relay asked for any close: a deliberate goodbye, so its
    /// seats are given up rather than kept away (docs/PROTOCOL.md §5.1).
    /// </summary>
    public bool ClosedByPeerNormally { get; private set; }

    /// <summary>The receive loop read the peer's close frame.</summary>
    public void PeerClosed()
    {
        if (!IsClosing && _socket?.CloseStatus == System.Net.WebSockets.WebSocketCloseStatus.NormalClosure)
        {
            ClosedByPeerNormally = true;
        }
    }

    /// <summary>Completes (asynchronously, never inline) when someone asks the connection to close.</summary>
    public Task CloseRequested => _closeRequested.Task;

    internal ChannelReader<byte[]> Outgoing => _sendQueue.Reader;

    /// <summary>Frames waiting in the send queue now.</summary>
    public int QueuedFrames => _sendQueue.Reader.Count;

    /// <summary>Bytes waiting in the send queue now.</summary>
    public long QueuedBytes => Interlocked.Read(ref _queuedBytes);

    /// <summary>The send loop took <paramref name="frame"/> off the queue.</summary>
    internal void Dequeued(byte[] frame) => Interlocked.Add(ref _queuedBytes, -frame.Length);

    public void Authenticate(string user, byte[] identityKey)
    {
        IdentityKey = identityKey;
        _user = user;
    }

    /// <summary>
    /// Queues one frame. If the queue is full the connection is closed with 4000: a receiver that
    /// does not keep up loses its connection rather than stalling the sender or the room.
    /// </summary>
    public bool Enqueue(byte[] frame)
    {
        // Bounded in bytes as well as frames: 1,024 large frames would otherwise pin tens of megabytes.
        if (Interlocked.Add(ref _queuedBytes, frame.Length) <= _sendQueueBytes && _sendQueue.Writer.TryWrite(frame))
        {
            return true;
        }

        Interlocked.Add(ref _queuedBytes, -frame.Length);
        RequestClose(Protocol.CloseCode.SendQueueFull, "send queue full");
        return false;
    }

    /// <summary>Asks for the connection to be closed with <paramref name="code"/>; the first request wins.</summary>
    public bool RequestClose(int code, string reason)
    {
        if (Interlocked.CompareExchange(ref _closeCode, code, 0) != 0)
        {
            return false;
        }

        CloseReason = reason;
        _sendQueue.Writer.TryComplete();
        _closeRequested.TrySetResult();
        return true;
    }
}
