using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace PyChat.Relay.Connections;

/// <summary>
/// Runs before ASP.NET Core's WebSocket middleware, which captures the upgrade feature when a request
/// arrives: on <c>/ws</c>, swaps in <see cref="SendBatchingUpgradeFeature"/> so the relay's sockets
/// write through a <see cref="SendBatchingStream"/>.
/// </summary>
internal sealed class SendBatchingMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path == WebSocketEndpoint.Path
            && context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true } upgrade)
        {
            var batching = new SendBatchingUpgradeFeature(upgrade);
            context.Features.Set<IHttpUpgradeFeature>(batching);
            context.Features.Set(batching);
        }

        return next(context);
    }
}
