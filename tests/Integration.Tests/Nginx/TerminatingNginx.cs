using PyChat.TestSupport;
using PyChat.TestSupport.Proxies;

namespace PyChat.Integration.Tests.Nginx;

/// <summary>
/// deploy/nginx/terminating.conf: nginx terminates TLS with the proxy certificate the relay's own
/// <c>issue-proxy-certificate</c> command issued, and connects to the relay over TLS, verifying it with ca.crt.
/// </summary>
public sealed class TerminatingNginx : NginxFrontedRelay
{
    private static readonly ShippedNginxConfiguration Shipped = ShippedNginxConfiguration.Load("terminating.conf");

    public override TimeSpan IdleTimeout => Shipped.Duration("proxy_read_timeout");

    protected override string[] ProxyArguments => ["--Relay:Proxy:ForwardedHeaders", "true", "--Relay:Proxy:KnownProxies:0", "127.0.0.1"];

    protected override async Task<NginxProcess> StartNginxAsync(TempDirectory folder)
    {
        // The operator's step, with the built relay: clients dial 127.0.0.1, so that is the name the certificate carries.
        await ExternalTool.RunSuccessfullyAsync("dotnet", [
            Path.Combine(AppContext.BaseDirectory, "PyChat.Relay.dll"), "issue-proxy-certificate", "--host", "127.0.0.1", "--host", "localhost",
            "--Relay:CertificateDirectory", CertificateDirectory]);
        return await NginxProcess.StartAsync(
            folder,
            _ => string.Empty,
            port => Shipped
                .Replace("listen 443 ssl;", $"listen 127.0.0.1:{port} ssl;")
                .Replace("127.0.0.1:7443", $"127.0.0.1:{Relay.WebSocketUri.Port}")
                .Replace("/var/lib/pychat-relay/certs/", CertificateDirectory + "/")
                .ToString());
    }
}
