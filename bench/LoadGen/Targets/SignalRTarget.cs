using System.Globalization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace PyChat.Bench.LoadGen.Targets;

/// <summary>
/// The SignalR peer: hub at <c>{url}</c>, WebSockets only without the negotiate round trip,
/// MessagePack, <c>JoinRoom(room)</c> then <c>Send(room, payload)</c>; payloads arrive as <c>Receive</c>.
/// </summary>
internal sealed class SignalRTarget(BenchTargetOptions options) : IBenchTarget
{
    private readonly CertificateTrust _trust = new(options.CertificateAuthority);

    public string Name => "signalr";

    public async Task<IBenchClient> ConnectAsync(int room, int clientId, IPayloadSink sink, CancellationToken cancellationToken = default)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(options.Url, http =>
            {
                http.Transports = HttpTransportType.WebSockets;
                http.SkipNegotiation = true;
                http.WebSocketConfiguration = socket =>
                {
                    socket.RemoteCertificateValidationCallback = _trust.Validate;
                    socket.KeepAliveInterval = TimeSpan.Zero;
                };
            })
            .AddMessagePackProtocol()
            .Build();
        // The server pings every 15 s; a step never idles that long, the idle test must not time out.
        connection.ServerTimeout = TimeSpan.FromMinutes(5);
        connection.On<byte[]>("Receive", payload => sink.OnPayload(payload));
        connection.Closed += error =>
        {
            if (error is not null)
            {
                sink.OnError(error);
            }

            return Task.CompletedTask;
        };

        var roomName = room.ToString(CultureInfo.InvariantCulture);
        try
        {
            await connection.StartAsync(cancellationToken);
            await connection.InvokeAsync("JoinRoom", roomName, cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        return new SignalRClient(connection, roomName);
    }
}
