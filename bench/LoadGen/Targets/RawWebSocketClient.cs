using System.Net.WebSockets;

namespace PyChat.Bench.LoadGen.Targets;

internal sealed class RawWebSocketClient : IBenchClient
{
    private readonly ClientWebSocket _socket;
    private readonly IPayloadSink _sink;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _receiving;

    public RawWebSocketClient(ClientWebSocket socket, IPayloadSink sink)
    {
        _socket = socket;
        _sink = sink;
        _receiving = Task.Run(ReceiveLoopAsync);
    }

    public ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) =>
        _socket.SendAsync(payload, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await WebSocketShutdown.CloseAndAbortAsync(_socket);
        await _receiving;
        _socket.Dispose();
        _stopping.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[1024];
        var filled = 0;
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer.AsMemory(filled), _stopping.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (!_stopping.IsCancellationRequested)
                    {
                        _sink.OnError(new WebSocketException("the server closed the connection"));
                    }

                    return;
                }

                filled += result.Count;
                if (result.EndOfMessage)
                {
                    _sink.OnPayload(buffer.AsSpan(0, filled));
                    filled = 0;
                }
                else if (filled == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }
            }
        }
        catch (Exception ex) when (!_stopping.IsCancellationRequested)
        {
            _sink.OnError(ex);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Stopping.
        }
    }
}
