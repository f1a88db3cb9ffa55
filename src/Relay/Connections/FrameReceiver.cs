using System.Net.WebSockets;

namespace PyChat.Relay.Connections;

/// <summary>
/// Reads one WebSocket message at a time into a caller-owned buffer whose length is the frame limit.
/// The limit is enforced while reading: an oversized message is read to its end into the same
/// buffer and thrown away, so memory per connection stays bounded whatever a client sends.
/// </summary>
internal static class FrameReceiver
{
    public static async ValueTask<ReceivedMessage> ReceiveAsync(WebSocket socket, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var length = 0;
        var oversized = false;
        while (true)
        {
            var target = oversized || length == buffer.Length ? buffer : buffer[length..];
            var result = await socket.ReceiveAsync(target, cancellationToken);
            switch (result.MessageType)
            {
                case WebSocketMessageType.Close:
                    return new ReceivedMessage(MessageKind.Close, 0);
                case WebSocketMessageType.Text:
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

