using System.Buffers.Binary;

namespace PyChat.Bench.LoadGen;

/// <summary>
/// The 256-byte payload every client sends: sender id (bytes 0–3), the time the send was scheduled
/// (Stopwatch ticks, bytes 4–11; sender and receivers share the machine's monotonic clock) and a
/// sequence number (bytes 12–19); the rest is filler. Using the scheduled rather than the actual send
/// time keeps a generator that falls behind from hiding latency (coordinated omission).
/// </summary>
internal static class BenchPayload
{
    public const int Size = 256;
    public const int HeaderSize = 20;

    public static byte[] Create(int senderId)
    {
        var payload = new byte[Size];
        for (var i = HeaderSize; i < Size; i++)
        {
            payload[i] = (byte)i;
        }

        BinaryPrimitives.WriteInt32LittleEndian(payload, senderId);
        return payload;
    }

    public static void Stamp(Span<byte> payload, long scheduledTicks, long sequence)
    {
        BinaryPrimitives.WriteInt64LittleEndian(payload[4..], scheduledTicks);
        BinaryPrimitives.WriteInt64LittleEndian(payload[12..], sequence);
    }

    public static bool TryRead(ReadOnlySpan<byte> payload, out int senderId, out long scheduledTicks)
    {
        if (payload.Length != Size)
        {
            senderId = 0;
            scheduledTicks = 0;
            return false;
        }

        senderId = BinaryPrimitives.ReadInt32LittleEndian(payload);
        scheduledTicks = BinaryPrimitives.ReadInt64LittleEndian(payload[4..]);
        return true;
    }
}
