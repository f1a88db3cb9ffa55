using System.Net.WebSockets;
using FluentAssertions;
using Microsoft.Extensions.Time.Testing;
using PyChat.Protocol;
using PyChat.Protocol.Frames;
using PyChat.TestSupport;

namespace PyChat.Relay.Tests.Connections;

public sealed class HygieneTests
{
    [Fact]
    public async Task OversizedFrame_IsAnsweredWithFrameTooLarge_AndTheConnectionAndRoomCarryOn()
    {
        await using var relay = await TestRelay.StartAsync(null, "--Relay:MaxFrameBytes", "4096");
        var (alice, bob) = await TwoInLobbyAsync(relay);
        alice.Hello!.MaxFrameBytes.Should().Be(4096);

        await alice.PublishAsync("lobby", new byte[10_000]);

        (await alice.ReceiveAsync<ErrorFrame>()).Should().Be(new ErrorFrame(0, ErrorCode.FrameTooLarge, "frame too large"));
        await alice.PublishAsync("lobby", [7]);
        (await bob.ReceiveAsync<DeliverFrame>()).Payload.ToArray().Should().Equal(7);
    }

    [Fact]
    public async Task FrameOfExactlyTheLimit_IsAccepted()
    {
        await using var relay = await TestRelay.StartAsync(null, "--Relay:MaxFrameBytes", "4096");
        var (alice, bob) = await TwoInLobbyAsync(relay);
        var payload = new byte[4096 - 1 - 4 - 1 - "lobby".Length];
        payload.AsSpan().Fill(0x5A);

        await alice.SendRawAsync(new PublishFrame(1, "lobby", payload).Encode());

        (await bob.ReceiveAsync<DeliverFrame>()).Payload.ToArray().Should().Equal(payload);
    }

    [Theory]
    [InlineData(new byte[] { 0x90, 0x00, 0x00 }, 0u, ErrorCode.Malformed)] // truncated ListRooms
    [InlineData(new byte[] { 0x90, 0x00, 0x00, 0x00, 0x05, 0xFF }, 5u, ErrorCode.Malformed)] // trailing byte
    [InlineData(new byte[] { 0x91, 0x00, 0x00, 0x00, 0x06, 0x02, 0xC3, 0x28, 0x00, 0x00 }, 6u, ErrorCode.Malformed)] // bad UTF-8
    [InlineData(new byte[] { 0x02, 0x00, 0x00, 0x00, 0x01 }, 0u, ErrorCode.Malformed)] // relay → client type
    [InlineData(new byte[] { 0x7F, 0x01 }, 0u, ErrorCode.UnknownFrameType)]
    [InlineData(new byte[] { 0xEE }, 0u, ErrorCode.UnknownFrameType)]
    [InlineData(new byte[0], 0u, ErrorCode.Malformed)]
    public async Task BadFrame_IsAnsweredWithAnError_AndNobodyElseIsAffected(byte[] frame, uint requestId, ErrorCode code)
    {
        await using var relay = await TestRelay.StartAsync();
        var (alice, bob) = await TwoInLobbyAsync(relay);

        await alice.SendRawAsync(frame);

        var error = await alice.ReceiveAsync<ErrorFrame>();
        error.Code.Should().Be(code);
        error.RequestId.Should().Be(requestId);
        await bob.PublishAsync("lobby", [1]);
        (await alice.ReceiveAsync<DeliverFrame>()).Sender.Should().Be("bob");
        await alice.PublishAsync("lobby", [2]);
        (await bob.ReceiveAsync<DeliverFrame>()).Sender.Should().Be("alice");
    }

    [Fact]
    public async Task TextMessage_ClosesTheConnectionWith1003()
    {
        await using var relay = await TestRelay.StartAsync();
        var (alice, bob) = await TwoInLobbyAsync(relay);

        await alice.SendTextAsync("hello");

        (await alice.ReceiveCloseAsync()).Should().Be(CloseCode.UnsupportedData);
        // Not a close of her own with 1000: she keeps her seat, away, for the grace period (docs/PROTOCOL.md §5.1).
        (await bob.ReceiveAsync<MemberAwayFrame>()).Member.Should().Be("alice");
    }

    [Fact]
    public async Task SlowReceiverThatNeverReads_IsClosedWith4000_WhileOthersKeepReceiving()
    {
        await using var relay = await TestRelay.StartAsync(null, "--Relay:SendQueueCapacity", "4", "--Relay:MaxFrameBytes", "1000000", "--Relay:CloseTimeout", "00:01:00");
        var (alice, bob) = await TwoInLobbyAsync(relay);
        var slow = await relay.RegisteredAsync("slow");
        await slow.JoinRoomAsync("lobby");
        await alice.ReceiveAsync<MemberJoinedFrame>();
        await bob.ReceiveAsync<MemberJoinedFrame>();
        var payload = new byte[500_000];

        // slow never reads from here on: its socket buffers fill, then its 4-frame queue.
        await PublishUntilSlowIsDroppedAsync(alice, bob, payload, because: "slow should have been dropped long before 100 MB");

        await alice.PublishAsync("lobby", [42]);
        (await bob.ReceiveAsync<DeliverFrame>()).Payload.ToArray().Should().Equal(42);
        (await slow.ReceiveCloseAsync()).Should().Be(CloseCode.SendQueueFull);
    }

    [Fact]
    public async Task SlowReceiver_IsClosedWith4000_WhenItsQueueHoldsTooManyBytes_EvenWithFewFrames()
    {
        // Room for 1,000 frames but only 2 MB: the byte bound must be what closes the slow receiver.
        await using var relay = await TestRelay.StartAsync(
            null, "--Relay:SendQueueCapacity", "1000", "--Relay:SendQueueBytes", "2000000", "--Relay:MaxFrameBytes", "1000000", "--Relay:CloseTimeout", "00:01:00");
        var (alice, bob) = await TwoInLobbyAsync(relay);
        var slow = await relay.RegisteredAsync("slow");
        await slow.JoinRoomAsync("lobby");
        await alice.ReceiveAsync<MemberJoinedFrame>();
        await bob.ReceiveAsync<MemberJoinedFrame>();
        var payload = new byte[500_000];

        await PublishUntilSlowIsDroppedAsync(alice, bob, payload, because: "slow should have been dropped long before its 1,000-frame queue filled");

        (await slow.ReceiveCloseAsync()).Should().Be(CloseCode.SendQueueFull);
    }

    /// <summary>
    /// alice publishes in lock step with bob (so bob's queue never holds more than one frame) until bob
    /// is told that "slow", which never reads, has been dropped (it is away: it may resume); at most 200 publishes.
    /// </summary>
    private static async Task PublishUntilSlowIsDroppedAsync(RelayTestClient alice, RelayTestClient bob, byte[] payload, string because)
    {
        var slowLeft = false;
        for (var sent = 0; !slowLeft; sent++)
        {
            sent.Should().BeLessThan(200, because);
            await alice.PublishAsync("lobby", payload);
            while (true)
            {
                var frame = await bob.ReceiveAsync();
                if (frame is MemberAwayFrame { Member: "slow" })
                {
                    slowLeft = true;
                }
                else if (frame is DeliverFrame)
                {
                    break;
                }
            }
        }
    }

    [Fact]
    public async Task FramesOverTheRateLimit_AreRefusedWithRateLimited()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var relay = await TestRelay.StartAsync(time);
        var alice = await relay.RegisteredAsync("alice"); // Register was frame 1 of the burst of 400
        await alice.CreateRoomAsync("solo"); // frame 2

        for (var i = 0; i < 398; i++)
        {
            await alice.PublishAsync("solo", [1]);
        }

        await alice.SendAsync(new ListRoomsFrame(77));

        (await alice.ReceiveAsync<ErrorFrame>()).Should().Be(new ErrorFrame(77, ErrorCode.RateLimited, "rate limited"));
        time.Advance(TimeSpan.FromSeconds(1));
        (await alice.ListRoomsAsync()).Rooms.Should().ContainSingle();
    }

    [Fact]
    public async Task SustainedFloodingFarOverTheRateLimit_ClosesTheConnectionWith1008()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        // A send queue that holds every answer (400 acks and 800 refusals): the test is about 1008, not about a slow reader's 4000.
        await using var relay = await TestRelay.StartAsync(time, "--Relay:SendQueueCapacity", "4096");
        var alice = await relay.RegisteredAsync("alice");
        await alice.CreateRoomAsync("solo");
        var bob = await relay.RegisteredAsync("bob");

        var flood = Task.Run(async () =>
        {
            try
            {
                for (var i = 0; i < 1300; i++)
                {
                    await alice.PublishAsync("solo", [1]);
                }
            }
            catch (WebSocketException)
            {
                // the relay may be gone before the flood is over
            }
        });

        (await alice.ReceiveCloseAsync()).Should().Be(CloseCode.PolicyViolation);
        await flood;
        (await bob.ListRoomsAsync()).Rooms.Should().Equal([new RoomSummary("solo", 1, 10)], "alice's seat is away until the grace period ends");
        time.Advance(TimeSpan.FromMinutes(2));
        (await bob.ListRoomsAsync()).Rooms.Should().BeEmpty("alice's room went with her seat");
    }

    [Fact]
    public async Task Shutdown_ClosesEveryConnectionWith1012()
    {
        await using var relay = await TestRelay.StartAsync();
        var alice = await relay.RegisteredAsync("alice");
        var anonymous = await relay.ConnectAsync();

        var stopping = relay.Host.DisposeAsync().AsTask();

        (await alice.ReceiveCloseAsync()).Should().Be(CloseCode.ServiceRestart);
        (await anonymous.ReceiveCloseAsync()).Should().Be(CloseCode.ServiceRestart);
        await stopping.WaitAsync(RelayTestClient.Guard);
    }

    private static async Task<(RelayTestClient Alice, RelayTestClient Bob)> TwoInLobbyAsync(TestRelay relay)
    {
        var alice = await relay.RegisteredAsync("alice");
        await alice.CreateRoomAsync("lobby");
        var bob = await relay.RegisteredAsync("bob");
        await bob.JoinRoomAsync("lobby");
        await alice.ReceiveAsync<MemberJoinedFrame>();
        return (alice, bob);
    }
}
