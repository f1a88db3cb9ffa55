namespace PyChat.Protocol.Frames;

/// <summary>
/// Relay → every other member: an away member resumed its seat (same identity key, same member key).
/// <see cref="Hub"/> is the hub from now on: unchanged, unless every member was away, when the one back is hub.
/// </summary>
public sealed record MemberBackFrame(string Room, ulong Offset, string Member, string Hub) : Frame
{
    public override FrameType Type => FrameType.MemberBack;

    protected override int BodyLength =>
        FrameWriter.SizeOfString8(Room) + 8 + FrameWriter.SizeOfString8(Member) + FrameWriter.SizeOfString8(Hub);

    protected override void WriteBody(ref FrameWriter writer)
    {
        writer.WriteString8(Room);
        writer.WriteUInt64(Offset);
        writer.WriteString8(Member);
        writer.WriteString8(Hub);
    }

    internal static MemberBackFrame ReadBody(ref FrameReader reader) =>
        new(reader.ReadString8(), reader.ReadUInt64(), reader.ReadString8(), reader.ReadString8());
}
