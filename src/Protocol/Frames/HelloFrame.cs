namespace PyChat.Protocol.Frames;

/// <summary>
/// Relay → client, first frame on every connection: version, relay id, a fresh login challenge, the frame limit,
/// and the frame rate the relay allows a connection (sustained per second, and the burst above it), which a
/// client paces its sends to so that nothing it sends is refused for rate.
/// </summary>
public sealed record HelloFrame(byte Version, ReadOnlyMemory<byte> RelayId, ReadOnlyMemory<byte> Challenge, uint MaxFrameBytes, ushort FramesPerSecond, ushort FrameBurst) : Frame
{
    public override FrameType Type => FrameType.Hello;

    protected override int BodyLength => 1 + ProtocolLimits.RelayIdSize + ProtocolLimits.ChallengeSize + 4 + 2 + 2;

    protected override void WriteBody(ref FrameWriter writer)
    {
        writer.WriteByte(Version);
        writer.WriteFixed(Fixed(RelayId.Span, ProtocolLimits.RelayIdSize));
        writer.WriteFixed(Fixed(Challenge.Span, ProtocolLimits.ChallengeSize));
        writer.WriteUInt32(MaxFrameBytes);
        writer.WriteUInt16(FramesPerSecond);
        writer.WriteUInt16(FrameBurst);
    }

    internal static HelloFrame ReadBody(ref FrameReader reader) =>
        new(reader.ReadByte(), reader.ReadFixed(ProtocolLimits.RelayIdSize), reader.ReadFixed(ProtocolLimits.ChallengeSize), reader.ReadUInt32(), reader.ReadUInt16(), reader.ReadUInt16());

    private static ReadOnlySpan<byte> Fixed(ReadOnlySpan<byte> value, int size) =>
        value.Length == size ? value : throw new ArgumentException($"expected {size} bytes, got {value.Length}");
}
