using System.Security.Cryptography;

namespace PyChat.Client.Cryptography.Internal;

/// <summary>
/// IVs from the operating system's CSPRNG, drawn 4 KiB at a time into a per-thread buffer: one
/// <see cref="RandomNumberGenerator.Fill"/> call per 256 IVs instead of one per token (the call,
/// not the bytes, is the cost for 16 bytes). Every byte is handed out once and then wiped from the
/// buffer, so IVs stay unpredictable and never repeat, exactly as with a direct call.
/// </summary>
internal static class FernetRandom
{
    private const int BufferSize = 4096;

    [ThreadStatic]
    private static byte[]? _buffer;

    [ThreadStatic]
    private static int _next;

    /// <summary>Fills <paramref name="destination"/> (at most 4 KiB) with CSPRNG bytes.</summary>
    public static void Fill(Span<byte> destination)
    {
        if (destination.Length > BufferSize)
        {
            RandomNumberGenerator.Fill(destination);
            return;
        }

        byte[]? buffer = _buffer;
        int next = _next;
        if (buffer is null)
        {
            buffer = _buffer = new byte[BufferSize];
            next = BufferSize;
        }

        if (BufferSize - next < destination.Length)
        {
            RandomNumberGenerator.Fill(buffer);
            next = 0;
        }

        Span<byte> taken = buffer.AsSpan(next, destination.Length);
        taken.CopyTo(destination);
        taken.Clear();
        _next = next + destination.Length;
    }
}
