namespace PyChat.Protocol.Frames;

/// <summary>
/// A member of a room as the relay describes it: its name, its registered identity key
/// (SubjectPublicKeyInfo DER) and the opaque announcement it gave when it joined.
/// </summary>
public sealed record RoomMember(string Name, ReadOnlyMemory<byte> IdentityKey, ReadOnlyMemory<byte> Announcement)
{
    internal int EncodedLength =>
        FrameWriter.SizeOfString8(Name) + FrameWriter.SizeOfBytes16(IdentityKey.Span) + FrameWriter.SizeOfBytes16(Announcement.Span);

    internal void Write(ref FrameWriter writer)
    {
        writer.WriteString8(Name);
        writer.WriteBytes16(IdentityKey.Span);
        writer.WriteBytes16(Announcement.Span);
    }

    internal static RoomMember Read(ref FrameReader reader) =>
        new(reader.ReadString8(), reader.ReadBytes16(), reader.ReadBytes16());
}
