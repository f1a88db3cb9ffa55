using FluentAssertions;
using PyChat.Protocol;
using PyChat.Protocol.Frames;

namespace PyChat.Relay.Tests.Protocol;

public sealed class DeliverFromPublishTests
{
    [Fact]
    public void FromPublish_BuildsTheSameBytesAsEncodingTheDeliverFrame()
    {
        var payload = new byte[] { 0xCA, 0xFE, 0x00, 0x01 };
        var publish = new PublishFrame("lobby", payload).Encode();

        var deliver = DeliverFrame.FromPublish(publish, "alice");

        deliver.Should().Equal(new DeliverFrame("lobby", "alice", payload).Encode());
    }

    [Fact]
    public void FromPublish_WithAnEmptyPayload_IsStillExactlySized()
    {
        var deliver = DeliverFrame.FromPublish(new PublishFrame("a", ReadOnlyMemory<byte>.Empty).Encode(), "b");

        deliver.Should().Equal(0x20, 0x01, (byte)'a', 0x01, (byte)'b');
    }

    [Theory]
    [InlineData(new byte[] { 0xA0 })]
    [InlineData(new byte[] { 0xA0, 0x05, 0x61 })]
    [InlineData(new byte[] { 0x90, 0x00 })]
    public void FromPublish_OfSomethingElse_ThrowsFrameFormatException(byte[] frame)
    {
        var build = () => DeliverFrame.FromPublish(frame, "alice");

        build.Should().Throw<FrameFormatException>();
    }
}
