using System.Buffers.Binary;
using System.Net;

namespace PyChat.Relay.Proxying;

/// <summary>
/// Version 2, binary (spec §2.2): the 12-byte signature, version and command (0x20 LOCAL, 0x21 PROXY), address family
/// and transport, a big-endian length, then the addresses (12 bytes for IPv4, 36 for IPv6, 216 for UNIX) and TLVs,
/// which are skipped. Unknown commands, families or transports are refused, as the spec requires.
/// </summary>
internal static class ProxyHeaderV2
{
    private const int FixedLength = 16;
    private const int LocalCommand = 0x0;
    private const int ProxyCommand = 0x1;
    private const int UnspecifiedFamily = 0x0;
    private const int IPv4Family = 0x1;
    private const int IPv6Family = 0x2;
    private const int UnixFamily = 0x3;

    private static ReadOnlySpan<byte> Signature => [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    public static ProxyHeaderStatus TryParse(ReadOnlySpan<byte> input, out ProxyHeader header)
    {
        header = default;
        var signature = Math.Min(input.Length, Signature.Length);
        if (!input[..signature].SequenceEqual(Signature[..signature]))
        {
            return ProxyHeaderStatus.Invalid;
        }

        // Each fixed byte is checked as soon as it is there, so a wrong one is refused without waiting for the rest.
        if (input.Length > 12 && (input[12] >> 4 != 2 || (input[12] & 0xF) is not (LocalCommand or ProxyCommand)))
        {
            return ProxyHeaderStatus.Invalid;
        }

        if (input.Length > 13 && (input[13] >> 4 > UnixFamily || (input[13] & 0xF) > 2))
        {
            return ProxyHeaderStatus.Invalid;
        }

        if (input.Length < FixedLength)
        {
            return ProxyHeaderStatus.Incomplete;
        }

        var command = input[12] & 0xF;
        var family = input[13] >> 4;
        int length = BinaryPrimitives.ReadUInt16BigEndian(input[14..]);
        if (FixedLength + length > ProxyHeaderParser.MaxLength || (command == ProxyCommand && length < AddressLength(family)))
        {
            return ProxyHeaderStatus.Invalid;
        }

        if (input.Length < FixedLength + length)
        {
            return ProxyHeaderStatus.Incomplete;
        }

        var addresses = input[FixedLength..];
        var source = command == LocalCommand ? null : family switch
        {
            IPv4Family => new IPEndPoint(new IPAddress(addresses[..4]), BinaryPrimitives.ReadUInt16BigEndian(addresses[8..])),
            IPv6Family => new IPEndPoint(new IPAddress(addresses[..16]), BinaryPrimitives.ReadUInt16BigEndian(addresses[32..])),
            _ => null, // UNSPEC or a UNIX socket: no IP address to give, so the peer's stands (spec §2.2)
        };
        header = new ProxyHeader(FixedLength + length, source);
        return ProxyHeaderStatus.Parsed;
    }

    private static int AddressLength(int family) => family switch
    {
        UnspecifiedFamily => 0,
        IPv4Family => 12,
        IPv6Family => 36,
        _ => 216,
    };
}
