using System.Globalization;
using System.Net.WebSockets;

namespace PyChat.Bench.LoadGen.Targets;

/// <summary>
/// A relay without a protocol (RawKestrel, node-ws): <c>{url}?room=N</c>, one binary WebSocket
/// message per payload.
/// </summary>
internal sealed class RawWebSocketTarget(BenchTargetOptions options) : IBenchTarget
{
    private readonly CertificateTrust _trust = new(options.CertificateAuthority);

    public string Name => "ws";

    public async Task<IBenchClient> ConnectAsync(int room, int clientId, IPayloadSink sink, CancellationToken cancellationToken = default)
    {
        var socket = new ClientWebSocket();
        socket.Options.RemoteCertificateValidationCallback = _trust.Validate;
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        socket.Options.SetBuffer(1024, 1024);
        var uri = new UriBuilder(options.Url) { Query = "room=" + room.ToString(CultureInfo.InvariantCulture) }.Uri;
        try
        {
            await socket.ConnectAsync(uri, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new RawWebSocketClient(socket, sink);
    }
}
