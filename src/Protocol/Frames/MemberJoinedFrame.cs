namespace PyChat.Protocol.Frames;

/// <summary>Relay → every other member: someone joined the room, at <see cref="Offset"/> of its order.</summary>
public sealed record MemberJoinedFrame(string Room, ulong Offset, RoomMember Member) : Frame
{
    public override FrameType Type => FrameType.MemberJoined;

    protected override int BodyLength => FrameWriter.SizeOfString8(Room) + 8 + Member.EncodedLength;

    protected override void WriteBody(ref FrameWriter writer)
    {
        writer.WriteString8(Room);
        writer.WriteUInt64(Offset);
        Member.Write(ref writer);
    }

    internal static MemberJoinedFrame ReadBody(ref FrameReader reader) =>
        new(reader.ReadString8(), reader.ReadUInt64(), RoomMember.Read(ref reader));
}
