using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;

namespace PyChat.Relay.Admission;

/// <summary>
/// The one place that says which client a connection belongs to, for every per-address limit (connections,
/// failed logins, registrations). Today that is the TCP peer. A PROXY-protocol connection middleware placed
/// before the relay's sets <c>ConnectionContext.RemoteEndPoint</c>, and ASP.NET Core's forwarded-headers
/// middleware sets <see cref="ConnectionInfo.RemoteIpAddress"/>; both are read here, so neither needs changes elsewhere.
/// </summary>
internal static class ClientAddress
{
    public static IPAddress? Of(ConnectionContext connection) => Normalize((connection.RemoteEndPoint as IPEndPoint)?.Address);

    public static IPAddress? Of(HttpContext context) => Normalize(context.Connection.RemoteIpAddress);

    /// <summary>
    /// IPv4-mapped IPv6 counts as the IPv4 address, and an IPv6 address as its /64: one subscriber usually
    /// holds a whole /64, so counting single IPv6 addresses would let one client be 2^64 clients.
    /// </summary>
    public static IPAddress? Normalize(IPAddress? address)
    {
        if (address is null)
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6 || IPAddress.IsLoopback(address))
        {
            return address;
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes);
    }
}
