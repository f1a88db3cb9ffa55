namespace PyChat.Protocol.Frames;

/// <summary>
/// The shared layout of CreateRoom and JoinRoom: <c>u32 requestId</c>, <c>str8 room</c>,
/// <c>bytes16 announcement</c>. Both enter a room with the member's signed announcement.
/// </summary>
public abstract record RoomEntryFrame(uint RequestId, string Room, ReadOnlyMemory<byte> Announcement) : Frame
{
    protected override int BodyLength => 4 + FrameWriter.SizeOfString8(Room) + FrameWriter.SizeOfBytes16(Announcement.Span);

    protected override void WriteBody(ref FrameWriter writer)
    {
        writer.WriteUInt32(RequestId);
        writer.WriteString8(Room);
        writer.WriteBytes16(Announcement.Span);
    }

    internal static (uint RequestId, string Room, ReadOnlyMemory<byte> Announcement) ReadFields(ref FrameReader reader) =>
        (reader.ReadUInt32(), reader.ReadString8(), reader.ReadBytes16());
}
