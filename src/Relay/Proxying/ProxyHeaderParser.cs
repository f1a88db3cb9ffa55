using System.Buffers;

namespace PyChat.Relay.Proxying;

/// <summary>
/// Reads a PROXY protocol header, version 1 (text) or 2 (binary), off the first bytes of a connection
/// (https://www.haproxy.org/download/2.9/doc/proxy-protocol.txt). Sees at most <see cref="MaxLength"/> bytes, allocates
/// nothing but the source address it returns, and says <see cref="ProxyHeaderStatus.Invalid"/> as soon as a byte
/// rules a header out, so garbage is refused without waiting for more of it.
/// </summary>
internal static class ProxyHeaderParser
{
    /// <summary>
    /// The longest header accepted: v2's 16 fixed bytes and a length of at most 1,008 (the largest address block,
    /// AF_UNIX's 216 bytes, leaves 792 for TLVs). v1 lines are at most 107 bytes (spec §2.1).
    /// </summary>
    public const int MaxLength = 1024;

    public static ProxyHeaderStatus TryParse(in ReadOnlySequence<byte> input, out ProxyHeader header)
    {
        if (input.IsSingleSegment)
        {
            return TryParse(input.FirstSpan, out header);
        }

        Span<byte> window = stackalloc byte[MaxLength];
        var length = (int)Math.Min(input.Length, MaxLength);
        input.Slice(0, length).CopyTo(window);
        return TryParse(window[..length], out header);
    }

    public static ProxyHeaderStatus TryParse(ReadOnlySpan<byte> input, out ProxyHeader header)
    {
        header = default;
        if (input.IsEmpty)
        {
            return ProxyHeaderStatus.Incomplete;
        }

        // The two versions differ in their first byte: 'P' of "PROXY " or CR of v2's signature.
        return input[0] switch
        {
            (byte)'P' => ProxyHeaderV1.TryParse(input, out header),
            0x0D => ProxyHeaderV2.TryParse(input, out header),
            _ => ProxyHeaderStatus.Invalid,
        };
    }
}
