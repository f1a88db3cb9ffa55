namespace PyChat.Protocol.Frames;

/// <summary>Client → relay: an opaque payload for every other member of the room; answered by <see cref="PublishedFrame"/> or an Error.</summary>
public sealed record PublishFrame(uint RequestId, string Room, ReadOnlyMemory<byte> Payload) : Frame
{
    /// <summary>Where the room name's <c>str8</c> starts: after the type byte and the request id.</summary>
    public const int RoomFieldOffset = 1 + 4;

    public override FrameType Type => FrameType.Publish;

    protected override int BodyLength => 4 + FrameWriter.SizeOfString8(Room) + Payload.Length;

    protected override void WriteBody(ref FrameWriter writer)
    {
        writer.WriteUInt32(RequestId);
        writer.WriteString8(Room);
        writer.WriteFixed(Payload.Span);
    }

    internal static PublishFrame ReadBody(ref FrameReader reader) => new(reader.ReadUInt32(), reader.ReadString8(), reader.ReadRest());
}
