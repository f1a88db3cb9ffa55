namespace PyChat.Protocol.Frames;

/// <summary>
/// Relay → every member but the sender: a published payload, untouched, with its offset in the room's order
/// and the sender's authenticated name. The relay encodes it once and writes the same bytes to every recipient
/// (and to its room log, for members that resume later).
/// </summary>
public sealed record DeliverFrame(string Room, ulong Offset, string Sender, ReadOnlyMemory<byte> Payload) : Frame
{
    public override FrameType Type => FrameType.Deliver;

    protected override int BodyLength => FrameWriter.SizeOfString8(Room) + 8 + FrameWriter.SizeOfString8(Sender) + Payload.Length;

    /// <summary>
    /// Builds the Deliver frame for an encoded Publish frame in one exactly sized array: the room
    /// field's bytes and the payload are copied as they are, never decoded or re-encoded.
    /// Throws <see cref="FrameFormatException"/> if <paramref name="publishFrame"/> is not a Publish frame.
    /// </summary>
    public static byte[] FromPublish(ReadOnlySpan<byte> publishFrame, string sender, ulong offset)
    {
        const int roomAt = PublishFrame.RoomFieldOffset;
        if (publishFrame.Length < roomAt + 1 || publishFrame[0] != (byte)FrameType.Publish)
        {
            throw new FrameFormatException("not a Publish frame");
        }

        var roomField = 1 + publishFrame[roomAt];
        if (publishFrame.Length < roomAt + roomField)
        {
            throw new FrameFormatException("Publish frame truncated in its room name");
        }

        var payload = publishFrame[(roomAt + roomField)..];
        var bytes = new byte[1 + roomField + 8 + FrameWriter.SizeOfString8(sender) + payload.Length];
        var writer = new FrameWriter(bytes);
        writer.WriteByte((byte)FrameType.Deliver);
        writer.WriteFixed(publishFrame.Slice(roomAt, roomField));
        writer.WriteUInt64(offset);
        writer.WriteString8(sender);
        writer.WriteFixed(payload);
        return bytes;
    }

    protected override void WriteBody(ref FrameWriter writer)
    {
        writer.WriteString8(Room);
        writer.WriteUInt64(Offset);
        writer.WriteString8(Sender);
        writer.WriteFixed(Payload.Span);
    }

    internal static DeliverFrame ReadBody(ref FrameReader reader) =>
        new(reader.ReadString8(), reader.ReadUInt64(), reader.ReadString8(), reader.ReadRest());
}
