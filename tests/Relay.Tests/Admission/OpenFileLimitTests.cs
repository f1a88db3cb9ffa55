using FluentAssertions;
using PyChat.Protocol.Frames;
using PyChat.TestSupport;
using PyChat.TestSupport.Relays;
using Xunit.Abstractions;

namespace PyChat.Relay.Tests.Admission;

public sealed class OpenFileLimitTests(ITestOutputHelper output)
{
    [Fact]
    public async Task FloodWellPastTheOpenFileLimit_LeavesTheRelayUp_AndItServesALoginAndARoomAfterwards()
    {
        const int openFiles = 600;
        using var folder = new TempDirectory();
        // The per-address cap is off so that the flood, all from 127.0.0.1, meets the open-file budget.
        await using var relay = await RelayProcess.StartAsync(folder, openFiles, "--Relay:MaxConnectionsPerAddress", "0");
        using var aliceKey = new TestIdentity("alice");
        using var bobKey = new TestIdentity("bob");
        using var carolKey = new TestIdentity("carol");
        await using var alice = await RelayTestClient.ConnectAsync(relay.WebSocketUri, relay.CaCertificatePath);
        (await alice.RegisterAsync(aliceKey)).Should().BeOfType<OkFrame>();
        (await alice.CreateRoomAsync("lobby")).Should().BeOfType<RoomJoinedFrame>();
        await using var bob = await RelayTestClient.ConnectAsync(relay.WebSocketUri, relay.CaCertificatePath);
        (await bob.RegisterAsync(bobKey)).Should().BeOfType<OkFrame>();
        (await bob.JoinRoomAsync("lobby")).Should().BeOfType<RoomJoinedFrame>();
        await alice.ReceiveAsync<MemberJoinedFrame>();

        await using (var flood = await TlsFlood.OpenAsync(relay.WebSocketUri.Port, relay.CaCertificatePath, count: openFiles * 3 / 2))
        {
            output.WriteLine($"flood of {openFiles * 3 / 2} against an open-file limit of {openFiles}: {flood.Established} held, {flood.Refused} refused");
            relay.HasExited.Should().BeFalse(relay.Output);
            flood.Refused.Should().BePositive("the relay cannot hold more connections than it has files");
            await alice.PublishAsync("lobby", [1]);
            (await bob.ReceiveAsync<DeliverFrame>()).Payload.ToArray().Should().Equal(1);
        }

        await using var carol = await Admitted.ConnectAsync(relay.WebSocketUri, relay.CaCertificatePath);
        (await carol.RegisterAsync(carolKey)).Should().BeOfType<OkFrame>();
        (await carol.JoinRoomAsync("lobby")).Should().BeOfType<RoomJoinedFrame>()
            .Which.Members.Select(m => m.Name).Should().Contain(["alice", "bob", "carol"]);
        await bob.PublishAsync("lobby", [2]);
        (await carol.ReceiveAsync<DeliverFrame>()).Sender.Should().Be("bob");
        relay.HasExited.Should().BeFalse(relay.Output);
        output.WriteLine(relay.Output);
    }
}
