namespace PyChat.Protocol.Frames;

/// <summary>Client → relay: create a room and become its key hub; answered by <see cref="RoomJoinedFrame"/>.</summary>
public sealed record CreateRoomFrame(uint RequestId, string Room, ReadOnlyMemory<byte> Announcement) : Frame
{
    public override FrameType Type => FrameType.CreateRoom;

    protected override int BodyLength => 4 + FrameWriter.SizeOfString8(Room) + FrameWriter.SizeOfBytes16(Announcement.Span);

    protected override void WriteBody(ref FrameWriter writer)
    {
        writer.WriteUInt32(RequestId);
        writer.WriteString8(Room);
        writer.WriteBytes16(Announcement.Span);
    }

    internal static CreateRoomFrame ReadBody(ref FrameReader reader) =>
        new(reader.ReadUInt32(), reader.ReadString8(), reader.ReadBytes16());
}
