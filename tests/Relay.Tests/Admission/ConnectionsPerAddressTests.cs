using System.Net.Sockets;
using FluentAssertions;
using PyChat.Protocol.Frames;

namespace PyChat.Relay.Tests.Admission;

public sealed class ConnectionsPerAddressTests
{
    [Fact]
    public async Task ConnectionsPastThePerAddressCap_AreRefused_WhileAnEstablishedRoomKeepsWorking()
    {
        await using var relay = await TestRelay.StartAsync(null, "--Relay:MaxConnectionsPerAddress", "4");
        var alice = await relay.RegisteredAsync("alice");
        await alice.CreateRoomAsync("lobby");
        var bob = await relay.RegisteredAsync("bob");
        await bob.JoinRoomAsync("lobby");
        await alice.ReceiveAsync<MemberJoinedFrame>();
        var port = relay.Host.WebSocketUri.Port;

        await using (var flood = await TlsFlood.OpenAsync(port, relay.Host.CaCertificatePath, count: 10))
        {
            flood.Established.Should().Be(2, "alice and bob hold two of the four connections 127.0.0.1 may have");
            flood.Refused.Should().Be(8);
            await alice.PublishAsync("lobby", [1]);
            (await bob.ReceiveAsync<DeliverFrame>()).Payload.ToArray().Should().Equal(1);
            (await ReadUntilClosedAsync(port)).Should().Be(0, "a refused connection is closed before any TLS byte is sent");
        }

        var carol = await Admitted.ConnectAsync(relay.Host.WebSocketUri, relay.Host.CaCertificatePath);
        (await carol.RegisterAsync(relay.Identity("carol"))).Should().BeOfType<OkFrame>();
        (await carol.JoinRoomAsync("lobby")).Should().BeOfType<RoomJoinedFrame>();
        await carol.DisposeAsync();
    }

    /// <summary>Opens a TCP connection that sends nothing and reads what the relay sends before it closes.</summary>
    private static async Task<int> ReadUntilClosedAsync(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var patience = new CancellationTokenSource(TlsFlood.Patience);
        await socket.ConnectAsync(System.Net.IPAddress.Loopback, port, patience.Token);
        var buffer = new byte[1024];
        var total = 0;
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, patience.Token)) > 0)
            {
                total += read;
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
        }

        return total;
    }
}
