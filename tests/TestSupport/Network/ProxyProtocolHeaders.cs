using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PyChat.TestSupport.Network;

/// <summary>
/// PROXY protocol headers as a proxy writes them (https://www.haproxy.org/download/2.9/doc/proxy-protocol.txt),
/// written from the spec independently of the relay's parser, for tests to send before TLS.
/// </summary>
public static class ProxyProtocolHeaders
{
    public static readonly byte[] V2Signature = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    /// <summary>Where a proxy says it was reached; the relay ignores it.</summary>
    public static readonly IPEndPoint ProxyListener = new(IPAddress.Parse("192.0.2.1"), 443);

    /// <summary><c>PROXY TCP4|TCP6 src dst sport dport\r\n</c>; the destination is <see cref="ProxyListener"/> (or its IPv6 form).</summary>
    public static byte[] V1(IPEndPoint source, IPEndPoint? destination = null)
    {
        var v6 = source.AddressFamily == AddressFamily.InterNetworkV6;
        destination ??= v6 ? new IPEndPoint(IPAddress.Parse("2001:db8::1"), 443) : ProxyListener;
        return Encoding.ASCII.GetBytes($"PROXY {(v6 ? "TCP6" : "TCP4")} {source.Address} {destination.Address} {source.Port} {destination.Port}\r\n");
    }

    /// <summary><c>PROXY UNKNOWN\r\n</c>: a connection the proxy cannot describe; the peer's address stands.</summary>
    public static byte[] V1Unknown() => "PROXY UNKNOWN\r\n"u8.ToArray();

    /// <summary>A v2 PROXY command over TCP for <paramref name="source"/>, followed by <paramref name="tlvs"/> (already encoded).</summary>
    public static byte[] V2(IPEndPoint source, ReadOnlySpan<byte> tlvs = default)
    {
        var v6 = source.AddressFamily == AddressFamily.InterNetworkV6;
        var addressLength = v6 ? 36 : 12;
        var header = V2Fixed(0x21, (byte)(v6 ? 0x21 : 0x11), addressLength + tlvs.Length);
        var addresses = header.AsSpan(16);
        var size = v6 ? 16 : 4;
        source.Address.TryWriteBytes(addresses, out _);
        var destination = v6 ? IPAddress.Parse("2001:db8::1") : ProxyListener.Address;
        destination.TryWriteBytes(addresses[size..], out _);
        BinaryPrimitives.WriteUInt16BigEndian(addresses[(2 * size)..], (ushort)source.Port);
        BinaryPrimitives.WriteUInt16BigEndian(addresses[((2 * size) + 2)..], 443);
        tlvs.CopyTo(addresses[addressLength..]);
        return header;
    }

    /// <summary>A v2 LOCAL command (a proxy's health check): no address, the peer's stands.</summary>
    public static byte[] V2Local() => V2Fixed(0x20, 0x00, 0);

    /// <summary>The 16 fixed bytes of a v2 header, with room for <paramref name="length"/> more (zeroed).</summary>
    public static byte[] V2Fixed(byte versionAndCommand, byte familyAndTransport, int length)
    {
        var header = new byte[16 + length];
        V2Signature.CopyTo(header, 0);
        header[12] = versionAndCommand;
        header[13] = familyAndTransport;
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(14), (ushort)length);
        return header;
    }

    /// <summary>One TLV: type, big-endian length, value.</summary>
    public static byte[] Tlv(byte type, ReadOnlySpan<byte> value)
    {
        var tlv = new byte[3 + value.Length];
        tlv[0] = type;
        BinaryPrimitives.WriteUInt16BigEndian(tlv.AsSpan(1), (ushort)value.Length);
        value.CopyTo(tlv.AsSpan(3));
        return tlv;
    }
}
