using System.Buffers.Binary;
using System.Text;

namespace PyChat.Protocol;

/// <summary>
/// Reads the primitive fields of docs/PROTOCOL.md ("Encoding") from one frame. Byte fields are
/// returned as slices of the frame, not copies. Every read checks bounds and throws
/// <see cref="FrameFormatException"/> on a short frame.
/// </summary>
public struct FrameReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly ReadOnlyMemory<byte> _frame;
    private int _position;

    public FrameReader(ReadOnlyMemory<byte> frame)
    {
        _frame = frame;
        _position = 0;
    }

    /// <summary>Bytes not read yet.</summary>
    public readonly int Remaining => _frame.Length - _position;

    public byte ReadByte() => Take(1).Span[0];

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2).Span);

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4).Span);

    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64BigEndian(Take(8).Span);

    /// <summary>Reads exactly <paramref name="length"/> bytes.</summary>
    public ReadOnlyMemory<byte> ReadFixed(int length) => Take(length);

    /// <summary>Reads a <c>bytes16</c>: a u16 length and that many bytes.</summary>
    public ReadOnlyMemory<byte> ReadBytes16() => Take(ReadUInt16());

    /// <summary>Reads a <c>str8</c>: a u8 length and that many bytes of UTF-8.</summary>
    public string ReadString8() => Decode(Take(ReadByte()).Span);

    /// <summary>Reads a <c>str16</c>: a u16 length and that many bytes of UTF-8.</summary>
    public string ReadString16() => Decode(Take(ReadUInt16()).Span);

    /// <summary>Reads everything that is left (a <c>rest</c> field).</summary>
    public ReadOnlyMemory<byte> ReadRest() => Take(Remaining);

    /// <summary>Throws unless the whole frame has been read: trailing bytes are malformed.</summary>
    public readonly void EnsureEnd()
    {
        if (Remaining != 0)
        {
            throw new FrameFormatException($"{Remaining} unexpected trailing bytes");
        }
    }

    private ReadOnlyMemory<byte> Take(int length)
    {
        if (length > Remaining)
        {
            throw new FrameFormatException($"frame truncated: needed {length} bytes at offset {_position}, {Remaining} left");
        }

        var slice = _frame.Slice(_position, length);
        _position += length;
        return slice;
    }

    private static string Decode(ReadOnlySpan<byte> utf8)
    {
        try
        {
            return StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException e)
        {
            throw new FrameFormatException("string is not valid UTF-8", e);
        }
    }
}
