namespace PyChat.Protocol.Frames;

/// <summary>Relay → every other member: someone joined the room.</summary>
public sealed record MemberJoinedFrame(string Room, RoomMember Member) : Frame
{
    public override FrameType Type => FrameType.MemberJoined;

    protected override int BodyLength => FrameWriter.SizeOfString8(Room) + Member.EncodedLength;

    protected override void WriteBody(ref FrameWriter writer)
    {
        writer.WriteString8(Room);
        Member.Write(ref writer);
    }

    internal static MemberJoinedFrame ReadBody(ref FrameReader reader) =>
        new(reader.ReadString8(), RoomMember.Read(ref reader));
}
