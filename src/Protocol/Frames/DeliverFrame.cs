namespace PyChat.Protocol.Frames;

/// <summary>
/// Relay → every member but the sender: a published payload, untouched, with the sender's
/// authenticated name. The relay encodes it once and writes the same bytes to every recipient.
/// </summary>
public sealed record DeliverFrame(string Room, string Sender, ReadOnlyMemory<byte> Payload) : Frame
{
    public override FrameType Type => FrameType.Deliver;

    protected override int BodyLength => FrameWriter.SizeOfString8(Room) + FrameWriter.SizeOfString8(Sender) + Payload.Length;

    /// <summary>
    /// Builds the Deliver frame for an encoded Publish frame in one exactly sized array: the room
    /// field's bytes and the payload are copied as they are, never decoded or re-encoded.
    /// Throws <see cref="FrameFormatException"/> if <paramref name="publishFrame"/> is not a Publish frame.
    /// </summary>
    public static byte[] FromPublish(ReadOnlySpan<byte> publishFrame, string sender)
    {
        if (publishFrame.Length < 2 || publishFrame[0] != (byte)FrameType.Publish)
        {
            throw new FrameFormatException("not a Publish frame");
        }

        var roomField = 1 + publishFrame[1];
        if (publishFrame.Length < 1 + roomField)
        {
            throw new FrameFormatException("Publish frame truncated in its room name");
        }

        var payload = publishFrame[(1 + roomField)..];
        var bytes = new byte[1 + roomField + FrameWriter.SizeOfString8(sender) + payload.Length];
        var writer = new FrameWriter(bytes);
        writer.WriteByte((byte)FrameType.Deliver);
        writer.WriteFixed(publishFrame.Slice(1, roomField));
        writer.WriteString8(sender);
        writer.WriteFixed(payload);
        return bytes;
    }

    protected override void WriteBody(ref FrameWriter writer)
    {
        writer.WriteString8(Room);
        writer.WriteString8(Sender);
        writer.WriteFixed(Payload.Span);
    }

    internal static DeliverFrame ReadBody(ref FrameReader reader) =>
        new(reader.ReadString8(), reader.ReadString8(), reader.ReadRest());
}
