namespace PyChat.Protocol.Frames;

/// <summary>
/// Relay → every member but the sender: a published payload, untouched, with the sender's
/// authenticated name. The relay encodes it once and writes the same bytes to every recipient.
/// </summary>
public sealed record DeliverFrame(string Room, string Sender, ReadOnlyMemory<byte> Payload) : Frame
{
    public override FrameType Type => FrameType.Deliver;

    protected override int BodyLength => FrameWriter.SizeOfString8(Room) + FrameWriter.SizeOfString8(Sender) + Payload.Length;

    protected override void WriteBody(ref FrameWriter writer)
    {
        writer.WriteString8(Room);
        writer.WriteString8(Sender);
        writer.WriteFixed(Payload.Span);
    }

    internal static DeliverFrame ReadBody(ref FrameReader reader) =>
        new(reader.ReadString8(), reader.ReadString8(), reader.ReadRest());
}
