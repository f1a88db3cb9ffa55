namespace PyChat.Protocol.Frames;

/// <summary>Relay → client, first frame on every connection: version, relay id, a fresh login challenge, the frame limit.</summary>
public sealed record HelloFrame(byte Version, ReadOnlyMemory<byte> RelayId, ReadOnlyMemory<byte> Challenge, uint MaxFrameBytes) : Frame
{
    public override FrameType Type => FrameType.Hello;

    protected override int BodyLength => 1 + ProtocolLimits.RelayIdSize + ProtocolLimits.ChallengeSize + 4;

    protected override void WriteBody(ref FrameWriter writer)
    {
        writer.WriteByte(Version);
        writer.WriteFixed(Fixed(RelayId.Span, ProtocolLimits.RelayIdSize));
        writer.WriteFixed(Fixed(Challenge.Span, ProtocolLimits.ChallengeSize));
        writer.WriteUInt32(MaxFrameBytes);
    }

    internal static HelloFrame ReadBody(ref FrameReader reader) =>
        new(reader.ReadByte(), reader.ReadFixed(ProtocolLimits.RelayIdSize), reader.ReadFixed(ProtocolLimits.ChallengeSize), reader.ReadUInt32());

    private static ReadOnlySpan<byte> Fixed(ReadOnlySpan<byte> value, int size) =>
        value.Length == size ? value : throw new ArgumentException($"expected {size} bytes, got {value.Length}");
}
