using Microsoft.Extensions.Logging;

namespace PyChat.Relay.Proxying;

/// <summary>The startup line saying whose word about client addresses the relay takes, or a warning that it takes nobody's.</summary>
internal static partial class ProxyTrustLog
{
    public static void Write(ILogger logger, ProxyOptions options, KnownProxies proxies)
    {
        if (!options.ProxyProtocol && !options.ForwardedHeaders)
        {
            return;
        }

        var how = (options.ProxyProtocol, options.ForwardedHeaders) switch
        {
            (true, true) => "PROXY protocol and X-Forwarded-For",
            (true, false) => "PROXY protocol",
            _ => "X-Forwarded-For",
        };
        if (proxies.IsEmpty)
        {
            ProxiesMissing(logger, how);
        }
        else
        {
            ProxiesTrusted(logger, how, proxies.Description);
        }
    }

    [LoggerMessage(EventIds.ProxiesTrusted, LogLevel.Information, "Client addresses by {How} from the known proxies {Proxies}")]
    private static partial void ProxiesTrusted(ILogger logger, string how, string proxies);

    [LoggerMessage(EventIds.ProxiesMissing, LogLevel.Warning, "Relay:Proxy enables {How}, but Relay:Proxy:KnownProxies and Relay:Proxy:KnownNetworks are empty: no proxy is believed, every client has its TCP peer's address")]
    private static partial void ProxiesMissing(ILogger logger, string how);
}
