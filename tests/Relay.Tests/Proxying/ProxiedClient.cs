using System.Net;
using PyChat.TestSupport;
using PyChat.TestSupport.Network;

namespace PyChat.Relay.Tests.Proxying;

/// <summary>Test clients that reach a <see cref="TestRelay"/> as a proxy's clients: from loopback, with a PROXY header or X-Forwarded-For.</summary>
internal static class ProxiedClient
{
    public static readonly IPEndPoint Guesser = IPEndPoint.Parse("203.0.113.7:40001");
    public static readonly IPEndPoint Neighbour = IPEndPoint.Parse("203.0.113.8:40002");

    /// <summary>A connection that starts with <paramref name="header"/> before TLS, as a passthrough proxy's does.</summary>
    public static Task<RelayTestClient> WithHeaderAsync(TestRelay relay, byte[] header) =>
        RelayTestClient.ConnectAsync(relay.Host.WebSocketUri, relay.Host.CaCertificatePath, new RelayTestRoute { BeforeTls = header });

    /// <summary>A connection whose upgrade says <c>X-Forwarded-For: <paramref name="client"/></c>, as a terminating proxy's does.</summary>
    public static Task<RelayTestClient> ForwardedForAsync(TestRelay relay, IPAddress client) => ForwardedForAsync(relay, client.ToString());

    /// <summary>As above, with the header's whole value, e.g. a list the client began and the proxy appended to.</summary>
    public static Task<RelayTestClient> ForwardedForAsync(TestRelay relay, string forwardedFor) =>
        RelayTestClient.ConnectAsync(
            relay.Host.WebSocketUri,
            relay.Host.CaCertificatePath,
            new RelayTestRoute { RequestHeaders = new Dictionary<string, string> { ["X-Forwarded-For"] = forwardedFor } });
}
