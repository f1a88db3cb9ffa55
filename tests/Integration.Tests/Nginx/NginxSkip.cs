namespace PyChat.Integration.Tests.Nginx;

/// <summary>Why a test is not run yet.</summary>
internal static class NginxSkip
{
    /// <summary>
    /// The relay reads the PROXY protocol and X-Forwarded-For (Relay:Proxy) only with branch proxy-addresses; before it,
    /// passthrough.conf's header breaks the TLS handshake and every client behind nginx shares nginx's address.
    /// </summary>
    public const string NeedsProxyAddresses = "needs branch proxy-addresses";
}
