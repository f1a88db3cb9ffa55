using System.Net.WebSockets;
using PyChat.Protocol;

namespace PyChat.Relay.Connections;

/// <summary>
/// The one writer of a connection's socket: sends queued frames in order, each as one binary
/// message, then the close frame once a close has been requested. A slow receiver's queue is not
/// drained (4000): its remaining frames are dropped and only the close is attempted.
/// </summary>
internal static class SendLoop
{
    public static async Task RunAsync(RelayConnection connection)
    {
        var socket = connection.Socket;
        try
        {
            var reader = connection.Outgoing;
            while (await reader.WaitToReadAsync())
            {
                while (reader.TryRead(out var frame))
                {
                    if (connection.CloseCode == CloseCode.SendQueueFull)
                    {
                        break;
                    }

                    await socket.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
                }

                if (connection.CloseCode == CloseCode.SendQueueFull)
                {
                    break;
                }
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
