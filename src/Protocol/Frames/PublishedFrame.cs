namespace PyChat.Protocol.Frames;

/// <summary>
/// Relay → client: the Publish with this request id is in the room's order at <see cref="Offset"/> (and, where
/// the relay keeps a durable log, written to it). Sent to the publisher at the same point of the room's order as
/// the Deliver the others get.
/// </summary>
public sealed record PublishedFrame(uint RequestId, ulong Offset) : Frame
{
    public override FrameType Type => FrameType.Published;

    protected override int BodyLength => 4 + 8;

    protected override void WriteBody(ref FrameWriter writer)
    {
        writer.WriteUInt32(RequestId);
        writer.WriteUInt64(Offset);
    }

    internal static PublishedFrame ReadBody(ref FrameReader reader) => new(reader.ReadUInt32(), reader.ReadUInt64());
}
