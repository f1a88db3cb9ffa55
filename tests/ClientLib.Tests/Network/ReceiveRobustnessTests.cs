using System.Security.Cryptography;
using FluentAssertions;
using PyChat.Client;
using PyChat.Protocol;
using PyChat.Protocol.Frames;

namespace PyChat.ClientLib.Tests.Network;

/// <summary>Whatever the relay sends, the receive loop either handles it, skips it, or ends the connection visibly.</summary>
public sealed class ReceiveRobustnessTests
{
    [Fact]
    public async Task OversizedAnswer_FailsItsRequest_AndTheConnectionStays()
    {
        await using var scenario = new FakeRelayScenario();
        var (client, relay) = await scenario.ConnectAsync();
        await using var _client = client;

        var listing = client.ListRoomsAsync();
        var request = (ListRoomsFrame)Frame.Decode(await relay.ReceiveAsync());
        var rooms = Enumerable.Range(0, 3000).Select(i => new RoomSummary($"room-{i:D4}-{new string('x', 22)}", 1, 10)).ToList();
        var oversized = new RoomListFrame(request.RequestId, rooms).Encode();
        oversized.Length.Should().BeGreaterThan(ProtocolLimits.DefaultMaxFrameBytes);
        await relay.SendAsync(oversized);

        await listing.Awaiting(t => t).Should().ThrowAsync<PyChatConnectionException>().WithMessage("*larger than*");
        var again = client.ListRoomsAsync();
        var second = (ListRoomsFrame)Frame.Decode(await relay.ReceiveAsync());
        await relay.SendAsync(new RoomListFrame(second.RequestId, [new RoomSummary("lobby", 1, 10)]).Encode());
        (await again).Should().Equal(new RoomInfo("lobby", 1, 10));
        client.DroppedFrames.Should().Be(1);
    }

    [Fact]
    public async Task HelloAnnouncingAHugeFrameLimit_IsClampedToTheClientsCap()
    {
        await using var scenario = new FakeRelayScenario();
        var options = scenario.Options with { MaxFrameBytes = ProtocolLimits.DefaultMaxFrameBytes };
        var (client, relay) = await scenario.ConnectAsync(maxFrameBytes: 1u << 30, options: options);
        await using var _client = client;

        var listing = client.ListRoomsAsync();
        var request = (ListRoomsFrame)Frame.Decode(await relay.ReceiveAsync());
        var rooms = Enumerable.Range(0, 3000).Select(i => new RoomSummary($"room-{i:D4}-{new string('x', 22)}", 1, 10)).ToList();
        await relay.SendAsync(new RoomListFrame(request.RequestId, rooms).Encode());

        // The relay said 1 GiB; the client holds it to its own cap and skips the frame, keeping the connection.
        await listing.Awaiting(t => t).Should().ThrowAsync<PyChatConnectionException>().WithMessage("*larger than*");
        var again = client.ListRoomsAsync();
        var second = (ListRoomsFrame)Frame.Decode(await relay.ReceiveAsync());
        await relay.SendAsync(new RoomListFrame(second.RequestId, [new RoomSummary("lobby", 1, 10)]).Encode());
        (await again).Should().Equal(new RoomInfo("lobby", 1, 10));
    }

    [Fact]
    public void MaxFrameBytes_DefaultsToOneMebibyte() =>
        PyChatClientOptions.Default.MaxFrameBytes.Should().Be(1024 * 1024);

    [Fact]
    public async Task AnswerWithANameThatBreaksTheNamingRule_IsDropped_AndFailsItsRequest()
    {
        await using var scenario = new FakeRelayScenario();
        var (client, relay) = await scenario.ConnectAsync();
        await using var _client = client;

        var listing = client.ListRoomsAsync();
        var request = (ListRoomsFrame)Frame.Decode(await relay.ReceiveAsync());
        await relay.SendAsync(new RoomListFrame(request.RequestId, [new RoomSummary("Lobby", 1, 10)]).Encode());

        await listing.Awaiting(t => t).Should().ThrowAsync<PyChatConnectionException>().WithMessage("*naming rule*");
        client.DroppedFrames.Should().Be(1);
    }

    [Fact]
    public async Task HelloWithAnotherRelayId_EndsTheConnectionVisibly_InsteadOfKillingTheLoopSilently()
    {
        await using var scenario = new FakeRelayScenario();
        var (client, relay) = await scenario.ConnectAsync();
        await using var _client = client;

        var listing = client.ListRoomsAsync();
        await relay.ReceiveAsync();
        await relay.SendAsync(FakeRelayScenario.Hello(RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32)));

        // Before: the loop died, nobody was told, and the request ran into its timeout.
        await listing.Awaiting(t => t).Should().ThrowAsync<PyChatConnectionException>();
        await client.Awaiting(c => c.ListRoomsAsync()).Should().ThrowAsync<PyChatConnectionException>();
    }
}
