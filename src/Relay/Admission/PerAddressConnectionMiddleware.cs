using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace PyChat.Relay.Admission;

/// <summary>
/// A Kestrel connection middleware that runs before TLS: a client address past <c>MaxConnectionsPerAddress</c>
/// gets its TCP connection closed at once, before the relay spends a handshake (an ECDSA signature) or a
/// buffer on it. It wraps the whole connection, so a WebSocket counts for as long as it is open.
/// </summary>
internal sealed partial class PerAddressConnectionMiddleware(ConnectionDelegate next, ConnectionsPerAddress open, ILogger logger)
{
    public async Task OnConnectionAsync(ConnectionContext connection)
    {
        var address = ClientAddress.Of(connection);
        if (address is null)
        {
            await next(connection);
            return;
        }

        if (!open.TryOpen(address))
        {
            // Debug: an anonymous client decides how often this happens, so it must not fill the log.
            Log.Refused(logger, address);
            return; // Kestrel closes the connection when the middleware returns
        }

        try
        {
            await next(connection);
        }
        finally
        {
            open.Close(address);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.ConnectionRefusedPerAddress, LogLevel.Debug, "Refused a connection from {RemoteAddress}: it has the most connections one address may have")]
        public static partial void Refused(ILogger logger, System.Net.IPAddress remoteAddress);
    }
}
