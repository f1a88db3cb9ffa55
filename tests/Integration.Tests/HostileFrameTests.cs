using FluentAssertions;
using PyChat.Client;
using PyChat.Integration.Tests.Support;
using PyChat.Protocol;
using PyChat.Protocol.Frames;

namespace PyChat.Integration.Tests;

/// <summary>A member's connection used to inject bad frames through the relay; the room must go on.</summary>
[Collection(RelayCollection.Name)]
public sealed class HostileFrameTests(RelayFixture relay)
{
    [Fact]
    public async Task ReplayedPublish_IsRejectedAsReplayAndTheRoomGoesOn()
    {
        var room = relay.UniqueName("replay");
        await using var crowd = await Crowd.GatherAsync(relay, room, 2);
        var (sender, receiver) = (crowd[0], crowd[1]);
        await sender.Room.SendAsync("once only");
        await receiver.Events.WaitForMessageAsync("once only");
        var original = sender.Tap.Sent<PublishFrame>().Last().Bytes;

        await sender.Client.SendRawFrameAsync(original);

        await receiver.Events.WaitUntilAsync(e => e.OfType<MessageRejected>().Any(r => r.Reason == RejectionReason.Replay), "the replay rejected");
        await RoomGoesOnAsync(sender, receiver);
        receiver.Events.Messages().Count(m => m.Text == "once only").Should().Be(1);
    }

    [Fact]
    public async Task TamperedPublish_IsRejectedAndTheRoomGoesOn()
    {
        var room = relay.UniqueName("tamper");
        await using var crowd = await Crowd.GatherAsync(relay, room, 2);
        var (sender, receiver) = (crowd[0], crowd[1]);
        await sender.Room.SendAsync("original");
        await receiver.Events.WaitForMessageAsync("original");
        var publish = sender.Tap.Sent<PublishFrame>().Last().Frame;
        var payload = publish.Payload.ToArray();
        payload[payload.Length / 2] ^= 0x01;

        await sender.Client.SendRawFrameAsync(new PublishFrame(1, room, payload).Encode());

        await receiver.Events.WaitUntilAsync(e => e.OfType<MessageRejected>().Any(r => r.Sender == sender.Name), "the tampered payload rejected");
        await RoomGoesOnAsync(sender, receiver);
    }

    [Fact]
    public async Task MalformedPayload_IsRejectedAndTheRoomGoesOn()
    {
        var room = relay.UniqueName("junk");
        await using var crowd = await Crowd.GatherAsync(relay, room, 2);
        var (sender, receiver) = (crowd[0], crowd[1]);

        await sender.Client.SendRawFrameAsync(new PublishFrame(1, room, new byte[] { 0x02, 1, 2, 3 }).Encode());

        await receiver.Events.WaitUntilAsync(e => e.OfType<MessageRejected>().Any(r => r.Sender == sender.Name), "the junk payload rejected");
        await RoomGoesOnAsync(sender, receiver);
    }

    [Fact]
    public async Task OversizedAndMalformedFrames_AreRefusedByTheRelayAndTheConnectionAndRoomGoOn()
    {
        var room = relay.UniqueName("oversize");
        await using var crowd = await Crowd.GatherAsync(relay, room, 2);
        var (sender, receiver) = (crowd[0], crowd[1]);
        var dropped = sender.Client.DroppedFrames;

        await sender.Client.SendRawFrameAsync(new PublishFrame(1, room, new byte[ProtocolLimits.DefaultMaxFrameBytes + 1]).Encode());
        await sender.Client.SendRawFrameAsync(new byte[] { (byte)FrameType.Publish });
        await sender.Client.SendRawFrameAsync(new byte[] { 0x7f, 0, 0, 0, 1 });

        await RoomGoesOnAsync(sender, receiver);
        var refusals = sender.Tap.Received<ErrorFrame>().Select(e => e.Frame.Code).ToList();
        refusals.Should().Contain([ErrorCode.FrameTooLarge, ErrorCode.Malformed, ErrorCode.UnknownFrameType]);
        sender.Client.DroppedFrames.Should().BeGreaterThanOrEqualTo(dropped + 3);
        receiver.Events.Snapshot().OfType<MessageRejected>().Should().BeEmpty("nothing of it reached the room");
    }

    private static async Task RoomGoesOnAsync(Member sender, Member receiver)
    {
        var text = $"still here {Guid.NewGuid():N}";
        await sender.Room.SendAsync(text);
        await receiver.Events.WaitForMessageAsync(text);
        var reply = $"me too {Guid.NewGuid():N}";
        await receiver.Room.SendAsync(reply);
        await sender.Events.WaitForMessageAsync(reply);
    }
}
