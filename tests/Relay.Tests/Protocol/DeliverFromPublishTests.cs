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
        var publish = new PublishFrame(1, "lobby", payload).Encode();

        var deliver = DeliverFrame.FromPublish(publish, "alice", 0x0102030405060708);

        deliver.Should().Equal(new DeliverFrame("lobby", 0x0102030405060708, "alice", payload).Encode());
    }

    [Fact]
    public void FromPublish_WithAnEmptyPayload_IsStillExactlySized()
    {
        var deliver = DeliverFrame.FromPublish(new PublishFrame(1, "a", ReadOnlyMemory<byte>.Empty).Encode(), "b", 9);

        deliver.Should().Equal(0x20, 0x01, (byte)'a', 0, 0, 0, 0, 0, 0, 0, 9, 0x01, (byte)'b');
    }

    [Theory]
    [InlineData(new byte[] { 0xA0 })]
    [InlineData(new byte[] { 0xA0, 0, 0, 0, 1 })]
    [InlineData(new byte[] { 0xA0, 0, 0, 0, 1, 0x05, 0x61 })]
    [InlineData(new byte[] { 0x90, 0x00 })]
    public void FromPublish_OfSomethingElse_ThrowsFrameFormatException(byte[] frame)
    {
        var build = () => DeliverFrame.FromPublish(frame, "alice", 1);

        build.Should().Throw<FrameFormatException>();
    }
}
