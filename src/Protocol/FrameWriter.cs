using System.Buffers.Binary;
using System.Text;

namespace PyChat.Protocol;

/// <summary>
/// Writes the primitive fields of docs/PROTOCOL.md into a buffer sized up front with the
/// <c>SizeOf*</c> helpers, so a frame is encoded exactly once into exactly its own length.
/// </summary>
public ref struct FrameWriter
{
    private readonly Span<byte> _buffer;
    private int _position;

    public FrameWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    /// <summary>Bytes written so far.</summary>
    public readonly int Written => _position;

    public static int SizeOfString8(string value) => 1 + Utf8Length(value, byte.MaxValue);

    public static int SizeOfString16(string value) => 2 + Utf8Length(value, ushort.MaxValue);

    public static int SizeOfBytes16(ReadOnlySpan<byte> value) =>
        value.Length <= ushort.MaxValue ? 2 + value.Length : throw new ArgumentException("field longer than 65535 bytes", nameof(value));

    public void WriteByte(byte value) => _buffer[_position++] = value;

    public void WriteUInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[_position..], value);
        _position += 2;
    }

    public void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_buffer[_position..], value);
        _position += 4;
    }

    public void WriteUInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64BigEndian(_buffer[_position..], value);
        _position += 8;
    }

    public void WriteFixed(ReadOnlySpan<byte> value)
    {
        value.CopyTo(_buffer[_position..]);
        _position += value.Length;
    }

    public void WriteBytes16(ReadOnlySpan<byte> value)
    {
        WriteUInt16(checked((ushort)value.Length));
        WriteFixed(value);
    }

    public void WriteString8(string value)
    {
        var length = Encoding.UTF8.GetBytes(value, _buffer[(_position + 1)..]);
        _buffer[_position] = checked((byte)length);
        _position += 1 + length;
    }

    public void WriteString16(string value)
    {
        var length = Encoding.UTF8.GetBytes(value, _buffer[(_position + 2)..]);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[_position..], checked((ushort)length));
        _position += 2 + length;
    }

    private static int Utf8Length(string value, int max)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        return length <= max ? length : throw new ArgumentException($"string longer than {max} bytes", nameof(value));
    }
}
