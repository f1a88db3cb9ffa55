namespace PyChat.Protocol.Frames;

/// <summary>
/// Relay → client: the answer to CreateRoom or JoinRoom. Members are in join order (the first is the
/// longest present) and include the receiver itself; <see cref="Away"/> names those whose connection is down
/// (they keep their seat for the grace period). <see cref="LogEpoch"/> and <see cref="Offset"/> (this join's
/// place in the room's order) are what a client presents in ResumeRoom.
/// </summary>
public sealed record RoomJoinedFrame(uint RequestId, string Room, string Hub, ulong LogEpoch, ulong Offset, IReadOnlyList<RoomMember> Members, IReadOnlyList<string> Away) : Frame
{
    public override FrameType Type => FrameType.RoomJoined;

    protected override int BodyLength =>
        4 + FrameWriter.SizeOfString8(Room) + FrameWriter.SizeOfString8(Hub) + 8 + 8 + 1 + Members.Sum(m => m.EncodedLength)
        + 1 + Away.Sum(FrameWriter.SizeOfString8);

    protected override void WriteBody(ref FrameWriter writer)
    {
        writer.WriteUInt32(RequestId);
        writer.WriteString8(Room);
        writer.WriteString8(Hub);
        writer.WriteUInt64(LogEpoch);
        writer.WriteUInt64(Offset);
        writer.WriteByte(checked((byte)Members.Count));
        foreach (var member in Members)
        {
            member.Write(ref writer);
        }

        writer.WriteByte(checked((byte)Away.Count));
        foreach (var name in Away)
        {
            writer.WriteString8(name);
        }
    }

    internal static RoomJoinedFrame ReadBody(ref FrameReader reader)
    {
        var requestId = reader.ReadUInt32();
        var room = reader.ReadString8();
        var hub = reader.ReadString8();
        var logEpoch = reader.ReadUInt64();
        var offset = reader.ReadUInt64();
        var members = new RoomMember[reader.ReadByte()];
        for (var i = 0; i < members.Length; i++)
        {
            members[i] = RoomMember.Read(ref reader);
        }

        var away = new string[reader.ReadByte()];
        for (var i = 0; i < away.Length; i++)
        {
            away[i] = reader.ReadString8();
        }

        return new RoomJoinedFrame(requestId, room, hub, logEpoch, offset, members, away);
    }
}
