namespace PyChat.Protocol.Frames;

/// <summary>
/// Relay → client: the answer to ResumeRoom, sent after every missed frame (so when it arrives the client is
/// caught up). <see cref="Offset"/> is the room's latest offset; <see cref="Hub"/> the hub now.
/// </summary>
public sealed record RoomResumedFrame(uint RequestId, string Room, string Hub, ulong Offset) : Frame
{
    public override FrameType Type => FrameType.RoomResumed;

    protected override int BodyLength => 4 + FrameWriter.SizeOfString8(Room) + FrameWriter.SizeOfString8(Hub) + 8;

    protected override void WriteBody(ref FrameWriter writer)
    {
        writer.WriteUInt32(RequestId);
        writer.WriteString8(Room);
        writer.WriteString8(Hub);
        writer.WriteUInt64(Offset);
    }

    internal static RoomResumedFrame ReadBody(ref FrameReader reader) =>
        new(reader.ReadUInt32(), reader.ReadString8(), reader.ReadString8(), reader.ReadUInt64());
}
