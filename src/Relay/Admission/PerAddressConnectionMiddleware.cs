using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using PyChat.Relay.Proxying;

namespace PyChat.Relay.Admission;

/// <summary>
/// A Kestrel connection middleware that runs before TLS: a client address past <c>MaxConnectionsPerAddress</c>
/// gets its TCP connection closed at once, before the relay spends a handshake (an ECDSA signature) or a
/// buffer on it. It wraps the whole connection, so a WebSocket counts for as long as it is open. It runs after
/// the PROXY protocol middleware, so it counts the client a header named. A connection that is still a known
/// proxy's (a TLS-terminating proxy, whose clients are only told apart later by X-Forwarded-For, or a health
/// check) is not counted: one proxy carries any number of clients.
/// </summary>
internal sealed partial class PerAddressConnectionMiddleware(ConnectionDelegate next, ConnectionsPerAddress open, KnownProxies proxies, ILogger logger)
{
    public async Task OnConnectionAsync(ConnectionContext connection)
    {
        var address = ClientAddress.Of(connection);
        if (address is null || proxies.Contains((connection.RemoteEndPoint as System.Net.IPEndPoint)?.Address))
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
