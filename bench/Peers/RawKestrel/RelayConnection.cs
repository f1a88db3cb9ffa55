using System.Net.WebSockets;
using System.Threading.Channels;

namespace PyChat.Bench.Peers.RawKestrel;

/// <summary>
/// One client: a receive loop that broadcasts each binary message to the room, and a send loop that
/// drains a bounded queue. A full queue drops the frame (counted) rather than stalling the sender's
/// room behind one slow reader; the load generator sees the loss as undelivered messages.
/// </summary>
internal sealed class RelayConnection(WebSocket socket)
{
    private const int QueueCapacity = 1024;
    private const int MaxMessageBytes = 64 * 1024;

    private readonly Channel<byte[]> _outbox = Channel.CreateBounded<byte[]>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    public bool TryEnqueue(byte[] frame) => _outbox.Writer.TryWrite(frame);

    public async Task RunAsync(Room room, CancellationToken cancellationToken)
    {
        var sending = SendLoopAsync(cancellationToken);
        room.Join(this);
        try
        {
            await ReceiveLoopAsync(room, cancellationToken);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // The client went away; nothing to report in a benchmark peer.
        }
        finally
        {
            room.Leave(this);
            _outbox.Writer.TryComplete();
            await sending;
        }

        if (socket.State == WebSocketState.CloseReceived)
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }
    }

    private async Task ReceiveLoopAsync(Room room, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        var filled = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(filled), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            filled += result.Count;
            if (!result.EndOfMessage)
            {
                if (filled == buffer.Length)
                {
                    if (buffer.Length >= MaxMessageBytes)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, null, cancellationToken);
                        return;
                    }

                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                continue;
            }

            if (result.MessageType == WebSocketMessageType.Binary)
            {
                room.Broadcast(this, buffer.AsSpan(0, filled).ToArray());
            }

            filled = 0;
        }
    }

    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        var reader = _outbox.Reader;
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken))
            {
                while (reader.TryRead(out var frame))
                {
                    await socket.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            socket.Abort();
        }
    }
}
