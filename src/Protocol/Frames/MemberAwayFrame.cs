namespace PyChat.Protocol.Frames;

/// <summary>
/// Relay → every other member: a member's connection dropped; it keeps its seat (and gets what it missed when it
/// resumes) for the relay's grace period. <see cref="Hub"/> is the hub from now on: an away member is never hub,
/// so if the hub went away the relay elected the longest-present member that is here.
/// </summary>
public sealed record MemberAwayFrame(string Room, ulong Offset, string Member, string Hub) : Frame
{
    public override FrameType Type => FrameType.MemberAway;

    protected override int BodyLength =>
        FrameWriter.SizeOfString8(Room) + 8 + FrameWriter.SizeOfString8(Member) + FrameWriter.SizeOfString8(Hub);

    protected override void WriteBody(ref FrameWriter writer)
    {
        writer.WriteString8(Room);
        writer.WriteUInt64(Offset);
        writer.WriteString8(Member);
        writer.WriteString8(Hub);
    }

    internal static MemberAwayFrame ReadBody(ref FrameReader reader) =>
        new(reader.ReadString8(), reader.ReadUInt64(), reader.ReadString8(), reader.ReadString8());
}
