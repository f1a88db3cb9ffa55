using PyChat.TestSupport;
using PyChat.TestSupport.Proxies;

namespace PyChat.Integration.Tests.Nginx;

/// <summary>deploy/nginx/passthrough.conf: nginx forwards TCP with a PROXY protocol header, the relay terminates TLS.</summary>
public sealed class PassthroughNginx : NginxFrontedRelay
{
    private static readonly ShippedNginxConfiguration Shipped = ShippedNginxConfiguration.Load("passthrough.conf");

    public override TimeSpan IdleTimeout => Shipped.Duration("proxy_timeout");

    protected override string[] ProxyArguments => ["--Relay:Proxy:ProxyProtocol", "true", "--Relay:Proxy:KnownProxies:0", "127.0.0.1"];

    protected override Task<NginxProcess> StartNginxAsync(TempDirectory folder) =>
        NginxProcess.StartAsync(
            folder,
            port => Shipped
                .Replace("listen 443;", $"listen 127.0.0.1:{port};")
                .Replace("127.0.0.1:7443", $"127.0.0.1:{Relay.WebSocketUri.Port}")
                .ToString(),
            _ => string.Empty);
}
