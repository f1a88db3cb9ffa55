namespace PyChat.Protocol.Frames;

/// <summary>Relay → client: the answer to ListRooms, active rooms sorted by name.</summary>
public sealed record RoomListFrame(uint RequestId, IReadOnlyList<RoomSummary> Rooms) : Frame
{
    public override FrameType Type => FrameType.RoomList;

    protected override int BodyLength => 4 + 2 + Rooms.Sum(r => FrameWriter.SizeOfString8(r.Name) + 2);

    protected override void WriteBody(ref FrameWriter writer)
    {
        writer.WriteUInt32(RequestId);
        writer.WriteUInt16(checked((ushort)Rooms.Count));
        foreach (var room in Rooms)
        {
            writer.WriteString8(room.Name);
            writer.WriteByte(room.Members);
            writer.WriteByte(room.Capacity);
        }
    }

    internal static RoomListFrame ReadBody(ref FrameReader reader)
    {
        var requestId = reader.ReadUInt32();
        var count = reader.ReadUInt16();
        var rooms = new RoomSummary[count];
        for (var i = 0; i < count; i++)
        {
            rooms[i] = new RoomSummary(reader.ReadString8(), reader.ReadByte(), reader.ReadByte());
        }

        return new RoomListFrame(requestId, rooms);
    }
}
