using System.Net.Sockets;
using System.Net.WebSockets;

namespace PyChat.TestSupport.Relays;

/// <summary>One client's WebSocket on a <see cref="FakeRelay"/>: send and receive raw frames.</summary>
public sealed class FakeRelayConnection : IDisposable
{
    private readonly WebSocket _socket;
    private readonly TcpClient _tcp;

    internal FakeRelayConnection(WebSocket socket, TcpClient tcp)
    {
        _socket = socket;
        _tcp = tcp;
    }

    public Task SendAsync(byte[] frame) =>
        _socket.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);

    public Task SendTextAsync(string text) =>
        _socket.SendAsync(System.Text.Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    /// <summary>The next binary frame from the client, or null when it closed.</summary>
    public async Task<byte[]?> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        while (true)
        {
            var result = await _socket.ReceiveAsync(chunk, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            buffer.Write(chunk, 0, result.Count);
            if (result.EndOfMessage)
            {
                return buffer.ToArray();
            }
        }
    }

    public Task CloseAsync(int code, string reason) =>
        _socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, CancellationToken.None);

    public void Dispose()
    {
        _socket.Dispose();
        _tcp.Dispose();
    }
}
