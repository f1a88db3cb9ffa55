namespace PyChat.Protocol.Frames;

/// <summary>
/// One protocol frame: exactly one binary WebSocket message, a type byte followed by the fields
/// docs/PROTOCOL.md lists for that type. Byte fields of a decoded frame are slices of the input.
/// </summary>
public abstract record Frame
{
    /// <summary>The type byte this frame is encoded with.</summary>
    public abstract FrameType Type { get; }

    /// <summary>Encodes the frame into a new array of exactly its length.</summary>
    public byte[] Encode()
    {
        var bytes = new byte[1 + BodyLength];
        var writer = new FrameWriter(bytes);
        writer.WriteByte((byte)Type);
        WriteBody(ref writer);
        return writer.Written == bytes.Length
            ? bytes
            : throw new InvalidOperationException($"{Type} wrote {writer.Written} bytes, sized {bytes.Length}");
    }

    /// <summary>Decodes one frame; throws <see cref="FrameFormatException"/> if it does not decode.</summary>
    public static Frame Decode(ReadOnlyMemory<byte> frame)
    {
        var reader = new FrameReader(frame);
        var type = (FrameType)reader.ReadByte();
        Frame decoded = type switch
        {
            FrameType.Hello => HelloFrame.ReadBody(ref reader),
            FrameType.Ok => OkFrame.ReadBody(ref reader),
            FrameType.Error => ErrorFrame.ReadBody(ref reader),
            FrameType.Published => PublishedFrame.ReadBody(ref reader),
            FrameType.RoomList => RoomListFrame.ReadBody(ref reader),
            FrameType.RoomJoined => RoomJoinedFrame.ReadBody(ref reader),
            FrameType.MemberJoined => MemberJoinedFrame.ReadBody(ref reader),
            FrameType.MemberLeft => MemberLeftFrame.ReadBody(ref reader),
            FrameType.MemberAway => MemberAwayFrame.ReadBody(ref reader),
            FrameType.MemberBack => MemberBackFrame.ReadBody(ref reader),
            FrameType.RoomResumed => RoomResumedFrame.ReadBody(ref reader),
            FrameType.Deliver => DeliverFrame.ReadBody(ref reader),
            FrameType.Register => RegisterFrame.ReadBody(ref reader),
            FrameType.Login => LoginFrame.ReadBody(ref reader),
            FrameType.ListRooms => ListRoomsFrame.ReadBody(ref reader),
            FrameType.CreateRoom => CreateRoomFrame.ReadBody(ref reader),
            FrameType.JoinRoom => JoinRoomFrame.ReadBody(ref reader),
            FrameType.LeaveRoom => LeaveRoomFrame.ReadBody(ref reader),
            FrameType.ResumeRoom => ResumeRoomFrame.ReadBody(ref reader),
            FrameType.Publish => PublishFrame.ReadBody(ref reader),
            _ => throw new FrameFormatException($"unknown frame type 0x{(byte)type:x2}") { Code = ErrorCode.UnknownFrameType },
        };
        reader.EnsureEnd();
        return decoded;
    }

    /// <summary>Length of everything after the type byte.</summary>
    protected abstract int BodyLength { get; }

    /// <summary>Writes everything after the type byte.</summary>
    protected abstract void WriteBody(ref FrameWriter writer);
}
