using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PyChat.Protocol;
using PyChat.Relay.Admission;
using PyChat.Relay.Hosting;

namespace PyChat.Relay.Connections;

/// <summary>
/// <c>/ws</c>: accepts a WebSocket upgrade that offers the <c>pychat.v2</c> subprotocol (anything else
/// gets 400, with a line naming the current version to a <c>pychat.v1</c> client), with keep-alive pings and without permessage-deflate, and runs the connection loop.
/// </summary>
internal sealed partial class WebSocketEndpoint(ConnectionLoop loop, IOptions<RelayOptions> options, ILogger<WebSocketEndpoint> logger)
{
    public const string Path = "/ws";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest
            || !context.WebSockets.WebSocketRequestedProtocols.Contains(ProtocolVersion.SubProtocol, StringComparer.Ordinal))
        {
            Log.UpgradeRefused(logger, ClientAddress.Of(context)?.ToString());
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            if (context.WebSockets.WebSocketRequestedProtocols.Contains(ProtocolVersion.RetiredSubProtocol, StringComparer.Ordinal))
            {
                // A client of the previous version gets told why, not just that it was refused.
                await context.Response.WriteAsync(
                    $"{ProtocolVersion.RetiredSubProtocol} is no longer supported: this relay speaks {ProtocolVersion.SubProtocol}. Update the client.\n",
                    context.RequestAborted);
            }

            return;
        }

        WebSocket socket;
        try
        {
            socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
            {
                SubProtocol = ProtocolVersion.SubProtocol,
                KeepAliveInterval = options.Value.KeepAliveInterval,
                KeepAliveTimeout = options.Value.KeepAliveTimeout,
                // Compressing attacker-influenced data next to secrets is how CRIME/BREACH work.
                DangerousEnableCompression = false,
            });
        }
        catch (InvalidOperationException e) when (!context.Response.HasStarted)
        {
            // Kestrel refuses the upgrade past MaxConcurrentUpgradedConnections by throwing; unanswered, that is an
            // Error with a stack trace per attempt, which an anonymous client could repeat at will.
            Log.UpgradeUnavailable(logger, ClientAddress.Of(context)?.ToString(), e.Message);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        using var _ = socket;
        await loop.RunAsync(socket, context.Features.Get<SendBatchingUpgradeFeature>()?.Stream, ClientAddress.Of(context), context.RequestAborted);
    }

    private static partial class Log
    {
        // Debug: an anonymous client decides how often this happens (5,000 pipelined requests were 5,000 lines).
        [LoggerMessage(EventIds.UpgradeRefused, LogLevel.Debug, "Refused a request from {RemoteAddress}: not a WebSocket upgrade offering pychat.v2")]
        public static partial void UpgradeRefused(ILogger logger, string? remoteAddress);

        [LoggerMessage(EventIds.UpgradeUnavailable, LogLevel.Debug, "Refused a WebSocket from {RemoteAddress} with 503: {Reason}")]
        public static partial void UpgradeUnavailable(ILogger logger, string? remoteAddress, string reason);
    }
}
