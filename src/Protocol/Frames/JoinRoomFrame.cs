namespace PyChat.Protocol.Frames;

/// <summary>Client → relay: join an active room by name; answered by <see cref="RoomJoinedFrame"/>.</summary>
public sealed record JoinRoomFrame(uint RequestId, string Room, ReadOnlyMemory<byte> Announcement) : Frame
{
    public override FrameType Type => FrameType.JoinRoom;

    protected override int BodyLength => 4 + FrameWriter.SizeOfString8(Room) + FrameWriter.SizeOfBytes16(Announcement.Span);

    protected override void WriteBody(ref FrameWriter writer)
    {
        writer.WriteUInt32(RequestId);
        writer.WriteString8(Room);
        writer.WriteBytes16(Announcement.Span);
    }

    internal static JoinRoomFrame ReadBody(ref FrameReader reader) =>
        new(reader.ReadUInt32(), reader.ReadString8(), reader.ReadBytes16());
}
