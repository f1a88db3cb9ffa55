namespace PyChat.Protocol.Frames;

/// <summary>Client → relay: join an active room by name; answered by <see cref="RoomJoinedFrame"/>.</summary>
public sealed record JoinRoomFrame(uint RequestId, string Room, ReadOnlyMemory<byte> Announcement)
    : RoomEntryFrame(RequestId, Room, Announcement)
{
    public override FrameType Type => FrameType.JoinRoom;

    internal static JoinRoomFrame ReadBody(ref FrameReader reader)
    {
        var (requestId, room, announcement) = ReadFields(ref reader);
        return new JoinRoomFrame(requestId, room, announcement);
    }
}
