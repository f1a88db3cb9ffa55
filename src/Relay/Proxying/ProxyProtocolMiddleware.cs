using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace PyChat.Relay.Proxying;

/// <summary>
/// A Kestrel connection middleware, before TLS and the per-address cap, for <c>Relay:Proxy:ProxyProtocol</c>. A
/// connection from a known proxy must start with a PROXY v1 or v2 header; the header is taken off the stream, the
/// connection's <c>ConnectionContext.RemoteEndPoint</c> becomes the client it names (every later stage, HTTP
/// included, reads it from there), and the bytes after it go on untouched to TLS. A missing, malformed or late header
/// closes that connection. Any other peer is a direct client: nothing is read, so a header from it reaches TLS as garbage.
/// </summary>
internal sealed partial class ProxyProtocolMiddleware(ConnectionDelegate next, KnownProxies proxies, TimeSpan headerTimeout, TimeProvider time, ILogger logger)
{
    public async Task OnConnectionAsync(ConnectionContext connection)
    {
        var peer = (connection.RemoteEndPoint as IPEndPoint)?.Address;
        if (!proxies.Contains(peer))
        {
            await next(connection);
            return;
        }

        var header = await ReadHeaderAsync(connection, peer!);
        if (header is null)
        {
            return; // Kestrel closes the connection when the middleware returns
        }

        if (header.Value.Source is { } source)
        {
            connection.RemoteEndPoint = source;
        }

        await next(connection);
    }

    private async Task<ProxyHeader?> ReadHeaderAsync(ConnectionContext connection, IPAddress peer)
    {
        var input = connection.Transport.Input;
        using var deadline = new CancellationTokenSource(headerTimeout, time);
        while (true)
        {
            System.IO.Pipelines.ReadResult read;
            try
            {
                read = await input.ReadAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                return Refuse(peer, ProxyHeaderRefusal.TimedOut);
            }

            var buffer = read.Buffer;
            switch (ProxyHeaderParser.TryParse(buffer, out var header))
            {
                case ProxyHeaderStatus.Parsed:
                    input.AdvanceTo(buffer.GetPosition(header.Length));
                    return header;
                case ProxyHeaderStatus.Invalid:
                    input.AdvanceTo(buffer.Start);
                    return Refuse(peer, ProxyHeaderRefusal.Malformed);
                default:
                    if (read.IsCompleted || read.IsCanceled)
                    {
                        input.AdvanceTo(buffer.Start);
                        return Refuse(peer, ProxyHeaderRefusal.EndedEarly);
                    }

                    input.AdvanceTo(buffer.Start, buffer.End); // nothing consumed, everything seen: wake on more
                    break;
            }
        }
    }

    private ProxyHeader? Refuse(IPAddress peer, ProxyHeaderRefusal reason)
    {
        // Debug, and never the bytes: they may be anything, from a confused client or an attacker on the proxy's host.
        Log.Refused(logger, peer, reason);
        return null;
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.ProxyHeaderRefused, LogLevel.Debug, "Closed a connection from proxy {ProxyAddress} before TLS: PROXY protocol header {Reason}")]
        public static partial void Refused(ILogger logger, IPAddress proxyAddress, ProxyHeaderRefusal reason);
    }
}
