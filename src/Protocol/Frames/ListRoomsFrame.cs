namespace PyChat.Protocol.Frames;

/// <summary>Client → relay: ask for the active rooms; answered by <see cref="RoomListFrame"/>.</summary>
public sealed record ListRoomsFrame(uint RequestId) : Frame
{
    public override FrameType Type => FrameType.ListRooms;

    protected override int BodyLength => 4;

    protected override void WriteBody(ref FrameWriter writer) => writer.WriteUInt32(RequestId);

    internal static ListRoomsFrame ReadBody(ref FrameReader reader) => new(reader.ReadUInt32());
}
