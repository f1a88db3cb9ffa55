namespace PyChat.Protocol.Frames;

/// <summary>Client → relay: leave a room; answered by <see cref="OkFrame"/>.</summary>
public sealed record LeaveRoomFrame(uint RequestId, string Room) : Frame
{
    public override FrameType Type => FrameType.LeaveRoom;

    protected override int BodyLength => 4 + FrameWriter.SizeOfString8(Room);

    protected override void WriteBody(ref FrameWriter writer)
    {
        writer.WriteUInt32(RequestId);
        writer.WriteString8(Room);
    }

    internal static LeaveRoomFrame ReadBody(ref FrameReader reader) => new(reader.ReadUInt32(), reader.ReadString8());
}
