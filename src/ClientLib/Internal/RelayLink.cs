using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Threading.Channels;
using PyChat.Protocol;

namespace PyChat.Client.Internal;

/// <summary>
/// One WebSocket connection to the relay and what lives exactly as long as it: the send queue and its pacer, the
/// requests waiting for an answer on it, its login challenge, and the room publishes written on it. A
/// <see cref="PyChatClient"/> swaps a new one in when it reconnects; an answer is only ever matched against the
/// requests of the connection it came on.
/// </summary>
internal sealed class RelayLink : IDisposable
{
    private readonly TaskCompletionSource<PyChatConnectionException> _lost = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RelayLink(ClientWebSocket socket, TimeProvider time)
    {
        Socket = socket;
        Pacer = new SendPacer(time);
    }

    public ClientWebSocket Socket { get; }

    public SendPacer Pacer { get; }

    public PendingRequests Pending { get; } = new();

    public LoginChallenge Challenge { get; } = new();

    public Channel<OutgoingFrame> Outgoing { get; } = Channel.CreateUnbounded<OutgoingFrame>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Room publishes written on this connection and not answered yet, by request id.</summary>
    public ConcurrentDictionary<uint, OutboxEntry> Publishes { get; } = new();

    public CancellationTokenSource Closing { get; } = new();

    public ArrayBufferWriter<byte> ReceiveBuffer { get; } = new(4096);

    public int MaxFrameBytes { get; set; } = ProtocolLimits.DefaultMaxFrameBytes;

    public Task ReceiveLoop { get; set; } = Task.CompletedTask;

    public Task SendLoop { get; set; } = Task.CompletedTask;

    /// <summary>Completes, with the reason, once the receive loop has stopped: every frame that came on it has been handled.</summary>
    public Task<PyChatConnectionException> Lost => _lost.Task;

    public bool IsLost => _lost.Task.IsCompleted;

    /// <summary>Queues a frame; dropped when the connection is gone (the loss surfaces everywhere else).</summary>
    public bool Post(ReadOnlyMemory<byte> frame) => Outgoing.Writer.TryWrite(new OutgoingFrame(frame, null));

    /// <summary>The connection is over: every request on it fails with <paramref name="reason"/>, and so does every later one.</summary>
    public void Fail(PyChatConnectionException reason)
    {
        Pending.Close(reason);
        Challenge.Close(reason);
        Outgoing.Writer.TryComplete(reason);
        _lost.TrySetResult(reason);
    }

    public void Dispose()
    {
        Closing.Dispose();
        Socket.Dispose();
    }
}
