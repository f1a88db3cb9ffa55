namespace PyChat.Protocol.Frames;

/// <summary>Client → relay: an opaque payload for every other member of the room. No answer on success.</summary>
public sealed record PublishFrame(string Room, ReadOnlyMemory<byte> Payload) : Frame
{
    public override FrameType Type => FrameType.Publish;

    protected override int BodyLength => FrameWriter.SizeOfString8(Room) + Payload.Length;

    protected override void WriteBody(ref FrameWriter writer)
    {
        writer.WriteString8(Room);
        writer.WriteFixed(Payload.Span);
    }

    internal static PublishFrame ReadBody(ref FrameReader reader) => new(reader.ReadString8(), reader.ReadRest());
}
