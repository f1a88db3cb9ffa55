using System.Net;
using System.Net.Sockets;

namespace PyChat.Relay.Proxying;

/// <summary>
/// Version 1, one line of text (spec §2.1): <c>PROXY TCP4|TCP6 src dst srcport dstport\r\n</c>, or
/// <c>PROXY UNKNOWN …\r\n</c>, at most 107 bytes. Strict: single spaces, ports without leading zeros, IPv4 in
/// dotted-quad form only (.NET would read <c>010.0.0.1</c> as octal, a different client).
/// </summary>
internal static class ProxyHeaderV1
{
    public const int MaxLength = 107;

    private static ReadOnlySpan<byte> Prefix => "PROXY "u8;

    public static ProxyHeaderStatus TryParse(ReadOnlySpan<byte> input, out ProxyHeader header)
    {
        header = default;
        var prefix = Math.Min(input.Length, Prefix.Length);
        if (!input[..prefix].SequenceEqual(Prefix[..prefix]))
        {
            return ProxyHeaderStatus.Invalid;
        }

        var end = EndOfLine(input[..Math.Min(input.Length, MaxLength)], out var status);
        if (end < 0)
        {
            return status;
        }

        var line = input[Prefix.Length..end];
        var length = end + 2;
        if (line.StartsWith("UNKNOWN"u8) && (line.Length == 7 || line[7] == (byte)' '))
        {
            header = new ProxyHeader(length, null); // the rest of an UNKNOWN line is to be ignored (spec §2.1)
            return ProxyHeaderStatus.Parsed;
        }

        var source = ParseAddresses(line);
        if (source is null)
        {
            return ProxyHeaderStatus.Invalid;
        }

        header = new ProxyHeader(length, source);
        return ProxyHeaderStatus.Parsed;
    }

    /// <summary>Where the CR of the closing CRLF is, or -1 with what that means: more to wait for, or a line that cannot be one.</summary>
    private static int EndOfLine(ReadOnlySpan<byte> window, out ProxyHeaderStatus status)
    {
        for (var i = Prefix.Length; i < window.Length; i++)
        {
            var b = window[i];
            if (b == (byte)'\r')
            {
                if (i + 1 == window.Length)
                {
                    break; // the LF may come next, if it still fits
                }

                status = window[i + 1] == (byte)'\n' ? ProxyHeaderStatus.Parsed : ProxyHeaderStatus.Invalid;
                return status == ProxyHeaderStatus.Parsed ? i : -1;
            }

            if (b is < 0x20 or > 0x7E)
            {
                status = ProxyHeaderStatus.Invalid; // US-ASCII text only
                return -1;
            }
        }

        status = window.Length >= MaxLength ? ProxyHeaderStatus.Invalid : ProxyHeaderStatus.Incomplete;
        return -1;
    }

    /// <summary>The source of <c>TCP4|TCP6 src dst srcport dstport</c>, or null if it is anything else.</summary>
    private static IPEndPoint? ParseAddresses(ReadOnlySpan<byte> line)
    {
        Span<Range> fields = stackalloc Range[5];
        var count = 0;
        foreach (var field in line.Split((byte)' '))
        {
            if (count == fields.Length)
            {
                return null;
            }

            fields[count++] = field;
        }

        if (count != fields.Length)
        {
            return null;
        }

        var protocol = line[fields[0]];
        AddressFamily family;
        if (protocol.SequenceEqual("TCP4"u8))
        {
            family = AddressFamily.InterNetwork;
        }
        else if (protocol.SequenceEqual("TCP6"u8))
        {
            family = AddressFamily.InterNetworkV6;
        }
        else
        {
            return null;
        }

        if (!IPAddress.TryParse(line[fields[1]], out var source) || !IsPlainAddress(source, line[fields[1]], family)
            || !LooksLikeAddress(line[fields[2]], family)
            || !TryParsePort(line[fields[3]], out var sourcePort) || !TryParsePort(line[fields[4]], out _))
        {
            return null;
        }

        return new IPEndPoint(source, sourcePort);
    }

    private static bool IsPlainAddress(IPAddress address, ReadOnlySpan<byte> text, AddressFamily family)
    {
        if (address.AddressFamily != family)
        {
            return false;
        }

        if (family == AddressFamily.InterNetworkV6)
        {
            return text.IndexOf((byte)'%') < 0; // no scope id: it would name an interface of the proxy
        }

        Span<byte> canonical = stackalloc byte[15];
        return address.TryFormat(canonical, out var written) && canonical[..written].SequenceEqual(text);
    }

    /// <summary>
    /// The destination (the proxy's own address) is not used, so it is only checked for its alphabet rather than
    /// parsed into an address object nobody needs.
    /// </summary>
    private static bool LooksLikeAddress(ReadOnlySpan<byte> text, AddressFamily family) =>
        family == AddressFamily.InterNetwork
            ? text.Length is >= 7 and <= 15 && !text.ContainsAnyExcept("0123456789."u8)
            : text.Length is >= 2 and <= 45 && !text.ContainsAnyExcept("0123456789abcdefABCDEF:."u8);

    /// <summary>A decimal port, 0 to 65535, without a sign or leading zeros.</summary>
    private static bool TryParsePort(ReadOnlySpan<byte> text, out int port)
    {
        port = 0;
        if (text.Length is 0 or > 5 || (text.Length > 1 && text[0] == (byte)'0'))
        {
            return false;
        }

        foreach (var digit in text)
        {
            if (digit is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            port = (port * 10) + (digit - '0');
        }

        return port <= IPEndPoint.MaxPort;
    }
}
