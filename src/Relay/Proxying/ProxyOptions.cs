namespace PyChat.Relay.Proxying;

/// <summary>
/// The <c>Relay:Proxy</c> configuration section: which peers are proxies whose word about the client's address is
/// believed, and how they give it. Nothing is believed by default.
/// </summary>
internal sealed class ProxyOptions
{
    public const string SectionName = "Proxy";

    /// <summary>IP addresses of trusted proxies, e.g. <c>10.0.0.5</c>. Default: none.</summary>
    public IList<string> KnownProxies { get; } = [];

    /// <summary>Networks of trusted proxies in CIDR notation, e.g. <c>127.0.0.0/8</c>. Default: none.</summary>
    public IList<string> KnownNetworks { get; } = [];

    /// <summary>
    /// A connection from a known proxy must begin with a PROXY protocol v1 or v2 header, before TLS, and is the
    /// client that header names. Connections from other peers are direct clients. Default false.
    /// </summary>
    public bool ProxyProtocol { get; set; }

    /// <summary>
    /// <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> from a known proxy set the request's client address
    /// (ASP.NET Core's forwarded-headers middleware, one proxy deep). Default false.
    /// </summary>
    public bool ForwardedHeaders { get; set; }
}
