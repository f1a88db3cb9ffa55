using System.Net;

namespace PyChat.Relay.Proxying;

/// <summary>A PROXY protocol header read off the start of a connection.</summary>
/// <param name="Length">Bytes the header takes, TLVs included; what follows is the client's own stream (TLS).</param>
/// <param name="Source">
/// The client the proxy speaks for; null when the connection is the proxy's own (v2 LOCAL, v1 UNKNOWN, v2 without
/// an IP address family, such as a health check): then the TCP peer's address stands.
/// </param>
internal readonly record struct ProxyHeader(int Length, IPEndPoint? Source);
