using System.Net.WebSockets;
using PyChat.Protocol;
using PyChat.Relay.Observability;

namespace PyChat.Relay.Connections;

/// <summary>
/// The one writer of a connection's socket: sends queued frames in order, each as one binary
/// message, then the close frame once a close has been requested. While more frames are queued
/// behind the one being sent, the socket's <see cref="SendBatchingStream"/> holds the writes back,
/// so a run of frames leaves in one TLS write. A slow receiver's queue is not drained (4000): its
/// remaining frames are dropped and only the close is attempted.
/// </summary>
internal static class SendLoop
{
    public static async Task RunAsync(RelayConnection connection, RelayMetrics metrics)
    {
        var socket = connection.Socket;
        var batching = connection.Batching;
        try
        {
            var reader = connection.Outgoing;
            while (await reader.WaitToReadAsync())
            {
                while (reader.TryRead(out var frame))
                {
                    connection.Dequeued(frame);
                    if (connection.CloseCode == CloseCode.SendQueueFull)
                    {
                        break;
                    }

                    if (batching is not null)
                    {
                        batching.HoldWrites = reader.TryPeek(out _);
                    }

                    await socket.SendAsync(frame.AsMemory(), WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
                    metrics.FrameSent(frame);
                }

                if (connection.CloseCode == CloseCode.SendQueueFull)
                {
                    break;
                }
            }

            if (batching is not null)
            {
                batching.HoldWrites = false; // the close frame takes whatever is still held with it
            }

            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync((WebSocketCloseStatus)connection.CloseCode, connection.CloseReason, CancellationToken.None);
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            // The socket failed or was aborted; the connection loop is already on its way out.
        }
    }
}
