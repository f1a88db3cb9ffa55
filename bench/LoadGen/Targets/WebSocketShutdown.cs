using System.Net.WebSockets;

namespace PyChat.Bench.LoadGen.Targets;

/// <summary>How every WebSocket-based bench client ends: a best-effort close, then an abort either way.</summary>
internal static class WebSocketShutdown
{
    public static async Task CloseAndAbortAsync(WebSocket socket)
    {
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // Closing is best effort; the socket is aborted below either way.
        }

        socket.Abort();
    }
}
