namespace PyChat.Protocol.Frames;

/// <summary>
/// Client → relay, after a new login: take back this user's seat in a room it was in, and send every frame of the
/// room after <see cref="Offset"/> (the last offset this client saw) if the room's log, of epoch
/// <see cref="LogEpoch"/>, still holds them all. Answered by the missed frames, then <see cref="RoomResumedFrame"/>;
/// or an Error (<see cref="ErrorCode.ResumeGap"/>, <see cref="ErrorCode.UnknownRoom"/>), after which the client joins again.
/// </summary>
public sealed record ResumeRoomFrame(uint RequestId, string Room, ulong LogEpoch, ulong Offset) : Frame
{
    public override FrameType Type => FrameType.ResumeRoom;

    protected override int BodyLength => 4 + FrameWriter.SizeOfString8(Room) + 8 + 8;

    protected override void WriteBody(ref FrameWriter writer)
    {
        writer.WriteUInt32(RequestId);
        writer.WriteString8(Room);
        writer.WriteUInt64(LogEpoch);
        writer.WriteUInt64(Offset);
    }

    internal static ResumeRoomFrame ReadBody(ref FrameReader reader) =>
        new(reader.ReadUInt32(), reader.ReadString8(), reader.ReadUInt64(), reader.ReadUInt64());
}
