namespace PyChat.Protocol.Frames;

/// <summary>
/// Relay → every remaining member: someone left (or its seat's grace ran out). <see cref="Hub"/> is the
/// hub from now on; when it differs from the previous hub, the relay has elected a new one.
/// </summary>
public sealed record MemberLeftFrame(string Room, ulong Offset, string Member, string Hub) : Frame
{
    public override FrameType Type => FrameType.MemberLeft;

    protected override int BodyLength =>
        FrameWriter.SizeOfString8(Room) + 8 + FrameWriter.SizeOfString8(Member) + FrameWriter.SizeOfString8(Hub);

    protected override void WriteBody(ref FrameWriter writer)
    {
        writer.WriteString8(Room);
        writer.WriteUInt64(Offset);
        writer.WriteString8(Member);
        writer.WriteString8(Hub);
    }

    internal static MemberLeftFrame ReadBody(ref FrameReader reader) =>
        new(reader.ReadString8(), reader.ReadUInt64(), reader.ReadString8(), reader.ReadString8());
}
