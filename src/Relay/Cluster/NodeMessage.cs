using System.Buffers.Binary;
using System.Text;

namespace PyChat.Relay.Cluster;

/// <summary>What one relay node tells another over Redis pub/sub (docs/CLUSTER.md).</summary>
internal enum NodeMessageKind : byte
{
    /// <summary>Edge → leader: a client logged in on the edge; payload: user, identity key.</summary>
    Open = 1,

    /// <summary>Edge → leader: one frame the client sent, as it sent it.</summary>
    Frame = 2,

    /// <summary>Edge → leader: the client's connection ended; payload: 1 if the client closed with 1000.</summary>
    Closed = 3,

    /// <summary>Leader → edge: frames for the client, in order; payload: each with a 4-byte length.</summary>
    Frames = 4,

    /// <summary>Leader → edge: close the client's connection; payload: code (2 bytes), reason.</summary>
    Close = 5,

    /// <summary>Edge → leader, once at startup: an earlier process of this node is gone, and its clients with it.</summary>
    Started = 6,
}

/// <summary>
/// One node message: kind (1 byte), the client connection's id on its edge (8 bytes), the sending node's id (1-byte
/// length, UTF-8), then the payload. Frames travel as the exact bytes the client sent or is to be sent.
/// </summary>
internal readonly record struct NodeMessage(NodeMessageKind Kind, long ConnectionId, string FromNode, ReadOnlyMemory<byte> Payload)
{
    public static byte[] Encode(NodeMessageKind kind, long connectionId, string fromNode, ReadOnlySpan<byte> payload)
    {
        var node = Encoding.UTF8.GetBytes(fromNode);
        var bytes = new byte[1 + 8 + 1 + node.Length + payload.Length];
        bytes[0] = (byte)kind;
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(1), connectionId);
        bytes[9] = checked((byte)node.Length);
        node.CopyTo(bytes.AsSpan(10));
        payload.CopyTo(bytes.AsSpan(10 + node.Length));
        return bytes;
    }

    /// <exception cref="FormatException">Not a message <see cref="Encode"/> made.</exception>
    public static NodeMessage Decode(ReadOnlyMemory<byte> bytes)
    {
        var span = bytes.Span;
        if (span.Length < 10 || span.Length < 10 + span[9] || !Enum.IsDefined((NodeMessageKind)span[0]))
        {
            throw new FormatException("not a relay node message");
        }

        var nodeLength = span[9];
        return new NodeMessage(
            (NodeMessageKind)span[0],
            BinaryPrimitives.ReadInt64BigEndian(span[1..]),
            Encoding.UTF8.GetString(span.Slice(10, nodeLength)),
            bytes[(10 + nodeLength)..]);
    }

    /// <summary>Open's payload: the user (2-byte length) and the identity key.</summary>
    public static byte[] OpenPayload(string user, ReadOnlySpan<byte> identityKey)
    {
        var name = Encoding.UTF8.GetBytes(user);
        var bytes = new byte[2 + name.Length + identityKey.Length];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, checked((ushort)name.Length));
        name.CopyTo(bytes.AsSpan(2));
        identityKey.CopyTo(bytes.AsSpan(2 + name.Length));
        return bytes;
    }

    public (string User, byte[] IdentityKey) ReadOpen()
    {
        var span = Payload.Span;
        var length = BinaryPrimitives.ReadUInt16BigEndian(span);
        return (Encoding.UTF8.GetString(span.Slice(2, length)), span[(2 + length)..].ToArray());
    }

    /// <summary>Frames' payload: each frame with a 4-byte length, so one message carries a run of them.</summary>
    public static byte[] FramesPayload(IReadOnlyList<byte[]> frames)
    {
        var bytes = new byte[frames.Sum(f => 4 + f.Length)];
        var at = 0;
        foreach (var frame in frames)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(at), frame.Length);
            frame.CopyTo(bytes.AsSpan(at + 4));
            at += 4 + frame.Length;
        }

        return bytes;
    }

    public IEnumerable<byte[]> ReadFrames()
    {
        var at = 0;
        while (at + 4 <= Payload.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(Payload.Span[at..]);
            yield return Payload.Slice(at + 4, length).ToArray();
            at += 4 + length;
        }
    }

    public static byte[] ClosePayload(int code, string reason)
    {
        var text = Encoding.UTF8.GetBytes(reason);
        var bytes = new byte[2 + text.Length];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, checked((ushort)code));
        text.CopyTo(bytes.AsSpan(2));
        return bytes;
    }

    public (int Code, string Reason) ReadClose() =>
        (BinaryPrimitives.ReadUInt16BigEndian(Payload.Span), Encoding.UTF8.GetString(Payload.Span[2..]));
}
