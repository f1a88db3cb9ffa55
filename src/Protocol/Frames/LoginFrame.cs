namespace PyChat.Protocol.Frames;

/// <summary>Client → relay: log in as <see cref="User"/> with a signature over <see cref="AuthTranscript.Login"/>.</summary>
public sealed record LoginFrame(uint RequestId, string User, ReadOnlyMemory<byte> Signature) : Frame
{
    public override FrameType Type => FrameType.Login;

    protected override int BodyLength => 4 + FrameWriter.SizeOfString8(User) + ProtocolLimits.SignatureSize;

    protected override void WriteBody(ref FrameWriter writer)
    {
        writer.WriteUInt32(RequestId);
        writer.WriteString8(User);
        writer.WriteFixed(Signature.Span[..ProtocolLimits.SignatureSize]);
    }

    internal static LoginFrame ReadBody(ref FrameReader reader) =>
        new(reader.ReadUInt32(), reader.ReadString8(), reader.ReadFixed(ProtocolLimits.SignatureSize));
}
