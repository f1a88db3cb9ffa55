namespace PyChat.Protocol.Frames;

/// <summary>Relay → client: the request with this id succeeded (Register, Login, LeaveRoom).</summary>
public sealed record OkFrame(uint RequestId) : Frame
{
    public override FrameType Type => FrameType.Ok;

    protected override int BodyLength => 4;

    protected override void WriteBody(ref FrameWriter writer) => writer.WriteUInt32(RequestId);

    internal static OkFrame ReadBody(ref FrameReader reader) => new(reader.ReadUInt32());
}
