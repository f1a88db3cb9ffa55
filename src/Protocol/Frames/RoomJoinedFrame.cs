namespace PyChat.Protocol.Frames;

/// <summary>
/// Relay → client: the answer to CreateRoom or JoinRoom. Members are in join order (the first is the
/// longest present) and include the receiver itself.
/// </summary>
public sealed record RoomJoinedFrame(uint RequestId, string Room, string Hub, IReadOnlyList<RoomMember> Members) : Frame
{
    public override FrameType Type => FrameType.RoomJoined;

    protected override int BodyLength =>
        4 + FrameWriter.SizeOfString8(Room) + FrameWriter.SizeOfString8(Hub) + 1 + Members.Sum(m => m.EncodedLength);

    protected override void WriteBody(ref FrameWriter writer)
    {
        writer.WriteUInt32(RequestId);
        writer.WriteString8(Room);
        writer.WriteString8(Hub);
        writer.WriteByte(checked((byte)Members.Count));
        foreach (var member in Members)
        {
            member.Write(ref writer);
        }
    }

    internal static RoomJoinedFrame ReadBody(ref FrameReader reader)
    {
        var requestId = reader.ReadUInt32();
        var room = reader.ReadString8();
        var hub = reader.ReadString8();
        var members = new RoomMember[reader.ReadByte()];
        for (var i = 0; i < members.Length; i++)
        {
            members[i] = RoomMember.Read(ref reader);
        }

        return new RoomJoinedFrame(requestId, room, hub, members);
    }
}
