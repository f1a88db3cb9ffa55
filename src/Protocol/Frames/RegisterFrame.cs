namespace PyChat.Protocol.Frames;

/// <summary>
/// Client → relay: register <see cref="User"/> with an identity key (P-256 SubjectPublicKeyInfo DER),
/// proving possession with a signature over <see cref="AuthTranscript.Register"/>. Success logs in.
/// </summary>
public sealed record RegisterFrame(uint RequestId, string User, ReadOnlyMemory<byte> IdentityKey, ReadOnlyMemory<byte> Signature) : Frame
{
    public override FrameType Type => FrameType.Register;

    protected override int BodyLength =>
        4 + FrameWriter.SizeOfString8(User) + FrameWriter.SizeOfBytes16(IdentityKey.Span) + ProtocolLimits.SignatureSize;

    protected override void WriteBody(ref FrameWriter writer)
    {
        writer.WriteUInt32(RequestId);
        writer.WriteString8(User);
        writer.WriteBytes16(IdentityKey.Span);
        writer.WriteFixed(Signature.Span[..ProtocolLimits.SignatureSize]);
    }

    internal static RegisterFrame ReadBody(ref FrameReader reader) =>
        new(reader.ReadUInt32(), reader.ReadString8(), reader.ReadBytes16(), reader.ReadFixed(ProtocolLimits.SignatureSize));
}
