using System.Net.WebSockets;
using System.Runtime.CompilerServices;

namespace PyChat.Relay.Connections;

/// <summary>
/// Reads the rest of one WebSocket message, whose start a zero-byte receive reported, into a
/// caller-owned buffer whose length is the frame limit. The limit is enforced while reading: an
/// oversized message is read to its end into the same buffer and thrown away, so memory per
/// connection stays bounded whatever a client sends.
/// </summary>
internal static class FrameReceiver
{
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] // one per message: pooled, not allocated
    public static async ValueTask<ReceivedMessage> ReceiveAsync(WebSocket socket, ValueWebSocketReceiveResult start, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var length = 0;
        var oversized = false;
        var result = start;
        while (true)
        {
            switch (result.MessageType)
            {
                case WebSocketMessageType.Close:
                    return new ReceivedMessage(MessageKind.Close, 0);
                case WebSocketMessageType.Text:
                    // Read to its end (the next receive must start at a message boundary), then refuse it.
                    while (!result.EndOfMessage)
                    {
                        result = await socket.ReceiveAsync(buffer, cancellationToken);
                        if (result.MessageType == WebSocketMessageType.Close)
                        {
                            return new ReceivedMessage(MessageKind.Close, 0);
                        }
                    }

                    return new ReceivedMessage(MessageKind.Text, 0);
            }

            if (!oversized && length == buffer.Length && result.Count > 0)
            {
                oversized = true;
            }

            if (!oversized)
            {
                length += result.Count;
            }

            if (result.EndOfMessage)
            {
                return oversized ? new ReceivedMessage(MessageKind.TooLarge, 0) : new ReceivedMessage(MessageKind.Frame, length);
            }

            var target = oversized || length == buffer.Length ? buffer : buffer[length..];
            result = await socket.ReceiveAsync(target, cancellationToken);
        }
    }
}

internal enum MessageKind
{
    Frame,
    TooLarge,
    Text,
    Close,
}

/// <summary>One received message: a frame of <see cref="Length"/> bytes at the start of the buffer, or why there is none.</summary>
internal readonly record struct ReceivedMessage(MessageKind Kind, int Length);

