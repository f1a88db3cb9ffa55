namespace PyChat.Protocol.Frames;

/// <summary>Client → relay: create a room and become its key hub; answered by <see cref="RoomJoinedFrame"/>.</summary>
public sealed record CreateRoomFrame(uint RequestId, string Room, ReadOnlyMemory<byte> Announcement)
    : RoomEntryFrame(RequestId, Room, Announcement)
{
    public override FrameType Type => FrameType.CreateRoom;

    internal static CreateRoomFrame ReadBody(ref FrameReader reader)
    {
        var (requestId, room, announcement) = ReadFields(ref reader);
        return new CreateRoomFrame(requestId, room, announcement);
    }
}
