using System.Net;
using System.Net.Sockets;

namespace PyChat.TestSupport.Network;

/// <summary>A loopback port nobody listens on right now; another process may still take it before the caller binds it.</summary>
public static class FreeTcpPort
{
    public static int Pick()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
