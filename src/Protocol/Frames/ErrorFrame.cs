namespace PyChat.Protocol.Frames;

/// <summary>Relay → client: a refused frame. <see cref="RequestId"/> is 0 when the refused frame carried none.</summary>
public sealed record ErrorFrame(uint RequestId, ErrorCode Code, string Message) : Frame
{
    public override FrameType Type => FrameType.Error;

    protected override int BodyLength => 4 + 2 + FrameWriter.SizeOfString16(Message);

    protected override void WriteBody(ref FrameWriter writer)
    {
        writer.WriteUInt32(RequestId);
        writer.WriteUInt16((ushort)Code);
        writer.WriteString16(Message);
    }

    internal static ErrorFrame ReadBody(ref FrameReader reader) =>
        new(reader.ReadUInt32(), (ErrorCode)reader.ReadUInt16(), reader.ReadString16());
}
