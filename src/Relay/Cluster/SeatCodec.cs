using System.Buffers.Binary;
using System.Text;
using PyChat.Protocol.Frames;
using PyChat.Relay.Rooms;

namespace PyChat.Relay.Cluster;

/// <summary>
/// A room's seats in join order as one value, so a membership change replaces them in one write: per seat a byte
/// (1 = away), then the name, the identity key and the announcement, each with a 4-byte big-endian length.
/// </summary>
internal static class SeatCodec
{
    public static byte[] Encode(IReadOnlyList<SeatState> seats)
    {
        var length = 0;
        foreach (var seat in seats)
        {
            length += 1 + 12 + Encoding.UTF8.GetByteCount(seat.Member.Name) + seat.Member.IdentityKey.Length + seat.Member.Announcement.Length;
        }

        var bytes = new byte[length];
        var at = 0;
        foreach (var seat in seats)
        {
            bytes[at++] = seat.Away ? (byte)1 : (byte)0;
            at = Put(bytes, at, Encoding.UTF8.GetBytes(seat.Member.Name));
            at = Put(bytes, at, seat.Member.IdentityKey.Span);
            at = Put(bytes, at, seat.Member.Announcement.Span);
        }

        return bytes;
    }

    /// <exception cref="FormatException">Not a value <see cref="Encode"/> made.</exception>
    public static IReadOnlyList<SeatState> Decode(ReadOnlySpan<byte> bytes)
    {
        var seats = new List<SeatState>();
        while (!bytes.IsEmpty)
        {
            var away = bytes[0] switch { 0 => false, 1 => true, _ => throw new FormatException("a seat's away byte is neither 0 nor 1") };
            bytes = bytes[1..];
            var name = Encoding.UTF8.GetString(Take(ref bytes));
            var key = Take(ref bytes).ToArray();
            var announcement = Take(ref bytes).ToArray();
            seats.Add(new SeatState(new RoomMember(name, key, announcement), away));
        }

        return seats;
    }

    private static int Put(byte[] bytes, int at, ReadOnlySpan<byte> value)
    {
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(at), value.Length);
        value.CopyTo(bytes.AsSpan(at + 4));
        return at + 4 + value.Length;
    }

    private static ReadOnlySpan<byte> Take(ref ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 4)
        {
            throw new FormatException("a seat ends inside a length");
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (length < 0 || length > bytes.Length - 4)
        {
            throw new FormatException("a seat's field runs past the end");
        }

        var value = bytes.Slice(4, length);
        bytes = bytes[(4 + length)..];
        return value;
    }
}
