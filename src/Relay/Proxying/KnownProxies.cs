using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;

namespace PyChat.Relay.Proxying;

/// <summary>
/// The peers configured as proxies (<c>Relay:Proxy:KnownProxies</c> and <c>KnownNetworks</c>), parsed once at startup:
/// the only ones whose PROXY header or X-Forwarded-For the relay believes.
/// </summary>
internal sealed class KnownProxies
{
    private readonly IPAddress[] _addresses;
    private readonly IPNetwork[] _networks;

    private KnownProxies(IPAddress[] addresses, IPNetwork[] networks)
    {
        _addresses = addresses;
        _networks = networks;
    }

    public bool IsEmpty => _addresses.Length == 0 && _networks.Length == 0;

    /// <summary>Every configured proxy, for the startup log line.</summary>
    public string Description => IsEmpty ? "none" : string.Join(", ", _addresses.Select(a => a.ToString()).Concat(_networks.Select(n => n.ToString())));

    /// <summary>Parses the configured values; one that is not an address or a network fails the start, naming it.</summary>
    public static KnownProxies From(ProxyOptions options)
    {
        var addresses = options.KnownProxies.Select(ParseAddress).ToArray();
        var networks = options.KnownNetworks.Select(ParseNetwork).ToArray();
        return new KnownProxies(addresses, networks);
    }

    /// <summary>Whether <paramref name="peer"/> is a known proxy; an IPv4-mapped IPv6 peer (a dual-stack listener) counts as its IPv4 address.</summary>
    public bool Contains(IPAddress? peer)
    {
        if (peer is null || IsEmpty)
        {
            return false;
        }

        if (peer.IsIPv4MappedToIPv6)
        {
            peer = peer.MapToIPv4();
        }

        foreach (var address in _addresses)
        {
            if (address.Equals(peer))
            {
                return true;
            }
        }

        foreach (var network in _networks)
        {
            if (network.Contains(peer))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Makes <paramref name="forwarded"/> believe these proxies and no others: the middleware's own default trusts loopback,
    /// which is exactly where a same-host attacker would connect from.
    /// </summary>
    public void ApplyTo(ForwardedHeadersOptions forwarded)
    {
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
        foreach (var address in _addresses)
        {
            forwarded.KnownProxies.Add(address);
            if (address.AddressFamily == AddressFamily.InterNetwork)
            {
                forwarded.KnownProxies.Add(address.MapToIPv6()); // the same proxy seen through a dual-stack listener
            }
        }

        foreach (var network in _networks)
        {
            forwarded.KnownIPNetworks.Add(network);
        }
    }

    private static IPAddress ParseAddress(string text) =>
        TryParseAddress(text, out var address)
            ? address
            : throw new RelayStartupException(string.Create(CultureInfo.InvariantCulture, $"Relay:Proxy:KnownProxies: \"{text}\" is not an IP address"));

    private static IPNetwork ParseNetwork(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        // IPNetwork.TryParse would take "10.0.0.1/8" as 10.0.0.0/8: a typo of the prefix length or the address, which one is unclear.
        if (slash < 0 || !TryParseAddress(text[..slash], out var baseAddress) || !IPNetwork.TryParse(text, out var network) || !network.BaseAddress.Equals(baseAddress))
        {
            throw new RelayStartupException(string.Create(CultureInfo.InvariantCulture, $"Relay:Proxy:KnownNetworks: \"{text}\" is not a network in CIDR notation (e.g. 10.0.0.0/8, no bits set past the prefix)"));
        }

        return network;
    }

    /// <summary>An address as people write one: IPAddress.Parse also takes "10.1" or "010.0.0.1" (octal), where a typo would quietly trust someone else.</summary>
    private static bool TryParseAddress(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IPAddress? address) =>
        IPAddress.TryParse(text, out address)
        && !text.Contains('%', StringComparison.Ordinal)
        && (address.AddressFamily != AddressFamily.InterNetwork || address.ToString() == text);
}
