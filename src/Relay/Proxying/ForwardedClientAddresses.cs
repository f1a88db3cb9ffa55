using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;

namespace PyChat.Relay.Proxying;

/// <summary>
/// <c>Relay:Proxy:ForwardedHeaders</c>: ASP.NET Core's forwarded-headers middleware, believing only the known proxies.
/// ForwardLimit stays 1: the relay trusts the one proxy in front of it, and the address that proxy saw is the
/// right-most in X-Forwarded-For; entries further left were written by the client and prove nothing.
/// </summary>
internal static class ForwardedClientAddresses
{
    public static IApplicationBuilder UseForwardedClientAddresses(this IApplicationBuilder app, KnownProxies proxies)
    {
        if (proxies.IsEmpty)
        {
            // The middleware believes every peer when it knows no proxy (its empty lists mean "no check", not "nobody").
            return app;
        }

        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            ForwardLimit = 1,
        };
        proxies.ApplyTo(options);
        return app.UseForwardedHeaders(options);
    }
}
