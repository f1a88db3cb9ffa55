using System.Net;
using System.Text;
using CsCheck;
using FluentAssertions;
using PyChat.Relay.Proxying;
using PyChat.TestSupport.Network;

namespace PyChat.Relay.Tests.Proxying;

public sealed class ProxyHeaderParserTests
{
    private static readonly IPEndPoint Client4 = IPEndPoint.Parse("203.0.113.7:51234");
    private static readonly IPEndPoint Client6 = IPEndPoint.Parse("[2001:db8:85a3::8a2e:370:7334]:443");

    private static readonly Gen<IPEndPoint> GenEndPoint = Gen.Select(
        Gen.OneOf(Gen.Byte.Array[4, 4], Gen.Byte.Array[16, 16]),
        Gen.Int[0, IPEndPoint.MaxPort],
        (address, port) => new IPEndPoint(new IPAddress(address), port));

    /// <summary>Any header a proxy may send, v1 or v2 (with TLVs), and the source it names (null: the peer's stands).</summary>
    private static readonly Gen<(byte[] Header, IPEndPoint? Source)> GenHeader = Gen.OneOf(
        GenEndPoint.Select(source => (ProxyProtocolHeaders.V1(source), (IPEndPoint?)source)),
        Gen.Select(GenEndPoint, Gen.Byte.Array[0, 200].Array[0, 3], (source, values) =>
            (ProxyProtocolHeaders.V2(source, values.SelectMany((v, i) => ProxyProtocolHeaders.Tlv((byte)(0xE0 + i), v)).ToArray()), (IPEndPoint?)source)),
        Gen.Const((ProxyProtocolHeaders.V1Unknown(), (IPEndPoint?)null)),
        Gen.Const((ProxyProtocolHeaders.V2Local(), (IPEndPoint?)null)));

    [Fact]
    public void V1Tcp4_NamesTheSourceAndLeavesWhatFollows()
    {
        var header = ProxyProtocolHeaders.V1(Client4);

        Parse([.. header, 0x16, 0x03, 0x01]).Should().Be((ProxyHeaderStatus.Parsed, new ProxyHeader(header.Length, Client4)));
    }

    [Fact]
    public void V1Tcp6_NamesTheSource()
    {
        var header = ProxyProtocolHeaders.V1(Client6);

        Parse(header).Should().Be((ProxyHeaderStatus.Parsed, new ProxyHeader(header.Length, Client6)));
    }

    [Theory]
    [InlineData("PROXY UNKNOWN\r\n")]
    [InlineData("PROXY UNKNOWN ffff:f...f:ffff ffff:f...f:ffff 65535 65535\r\n")]
    public void V1Unknown_LeavesThePeersAddressWhateverFollowsIt(string line)
    {
        Parse(Encoding.ASCII.GetBytes(line)).Should().Be((ProxyHeaderStatus.Parsed, new ProxyHeader(line.Length, null)));
    }

    [Fact]
    public void V1_OfTheLongestLengthTheSpecAllows_IsParsed_AndOneByteMoreIsNot()
    {
        var longest = "PROXY UNKNOWN " + new string('x', 107 - 16) + "\r\n";
        longest.Length.Should().Be(107);

        Parse(Encoding.ASCII.GetBytes(longest)).Status.Should().Be(ProxyHeaderStatus.Parsed);
        Parse(Encoding.ASCII.GetBytes(longest.Insert(20, "x"))).Status.Should().Be(ProxyHeaderStatus.Invalid);
    }

    [Theory]
    [InlineData("PROXY TCP4 203.0.113.7 192.0.2.1 51234\r\n")] // a field missing
    [InlineData("PROXY TCP4 203.0.113.7 192.0.2.1 51234 443 1\r\n")] // a field too many
    [InlineData("PROXY TCP4  203.0.113.7 192.0.2.1 51234 443\r\n")] // two spaces
    [InlineData("PROXY TCP4 203.0.113.7 192.0.2.1 51234 443 \r\n")] // trailing space
    [InlineData("PROXY TCP4 2001:db8::1 192.0.2.1 51234 443\r\n")] // IPv6 in TCP4
    [InlineData("PROXY TCP6 203.0.113.7 2001:db8::1 51234 443\r\n")] // IPv4 in TCP6
    [InlineData("PROXY TCP6 fe80::1%eth0 2001:db8::1 51234 443\r\n")] // a scope id of the proxy's
    [InlineData("PROXY TCP4 010.0.0.1 192.0.2.1 51234 443\r\n")] // leading zero: octal to .NET
    [InlineData("PROXY TCP4 10.1 192.0.2.1 51234 443\r\n")] // short form
    [InlineData("PROXY TCP4 203.0.113.7 192.0.2.x 51234 443\r\n")] // destination not an address
    [InlineData("PROXY TCP4 203.0.113.7 192.0.2.1 65536 443\r\n")] // port out of range
    [InlineData("PROXY TCP4 203.0.113.7 192.0.2.1 051234 443\r\n")] // leading zero in a port
    [InlineData("PROXY TCP4 203.0.113.7 192.0.2.1 -1 443\r\n")]
    [InlineData("PROXY TCP4 203.0.113.7 192.0.2.1 51234 \r\n")] // empty port
    [InlineData("PROXY TCP5 203.0.113.7 192.0.2.1 51234 443\r\n")]
    [InlineData("PROXY UDP4 203.0.113.7 192.0.2.1 51234 443\r\n")]
    [InlineData("PROXY UNKNOWNX\r\n")]
    [InlineData("PROXY \r\n")]
    [InlineData("proxy TCP4 203.0.113.7 192.0.2.1 51234 443\r\n")]
    [InlineData("PROXY TCP4 203.0.113.7 192.0.2.1 51234 443\n")] // LF without CR
    [InlineData("PROXY TCP4 203.0.113.7 192.0.2.1 51234 443\rX")] // CR without LF
    [InlineData("PROXY TCP4 203.0.113.7\t192.0.2.1 51234 443\r\n")] // a control character
    [InlineData("PROXY TCP4 203.0.113.7 192.0.2.1 51234 443\u00e9\r\n")] // not ASCII
    public void V1_Malformed_IsInvalid(string line)
    {
        Parse(Encoding.Latin1.GetBytes(line)).Status.Should().Be(ProxyHeaderStatus.Invalid);
    }

    [Fact]
    public void V1_WithoutCrlfWithin107Bytes_IsInvalid()
    {
        Parse(Encoding.ASCII.GetBytes("PROXY UNKNOWN " + new string('x', 200))).Status.Should().Be(ProxyHeaderStatus.Invalid);
    }

    [Fact]
    public void V2Ipv4_NamesTheSource()
    {
        var header = ProxyProtocolHeaders.V2(Client4);

        Parse([.. header, 0x16]).Should().Be((ProxyHeaderStatus.Parsed, new ProxyHeader(16 + 12, Client4)));
    }

    [Fact]
    public void V2Ipv6_NamesTheSource()
    {
        Parse(ProxyProtocolHeaders.V2(Client6)).Should().Be((ProxyHeaderStatus.Parsed, new ProxyHeader(16 + 36, Client6)));
    }

    [Fact]
    public void V2_WithTlvs_SkipsThemAll()
    {
        byte[] tlvs = [.. ProxyProtocolHeaders.Tlv(0x01, "http/1.1"u8), .. ProxyProtocolHeaders.Tlv(0x02, "relay.example"u8), .. ProxyProtocolHeaders.Tlv(0x04, [])];
        var header = ProxyProtocolHeaders.V2(Client4, tlvs);

        Parse([.. header, 0x16, 0x03]).Should().Be((ProxyHeaderStatus.Parsed, new ProxyHeader(header.Length, Client4)));
    }

    [Fact]
    public void V2Local_LeavesThePeersAddress_EvenWithAnAddressBlock()
    {
        Parse(ProxyProtocolHeaders.V2Local()).Should().Be((ProxyHeaderStatus.Parsed, new ProxyHeader(16, null)));
        var withAddresses = ProxyProtocolHeaders.V2(Client4);
        withAddresses[12] = 0x20;
        Parse(withAddresses).Should().Be((ProxyHeaderStatus.Parsed, new ProxyHeader(withAddresses.Length, null)));
    }

    [Theory]
    [InlineData(0x00, 0)] // UNSPEC: the proxy cannot say
    [InlineData(0x31, 216)] // a UNIX socket: no IP address to give
    public void V2Proxy_WithoutAnIpFamily_LeavesThePeersAddress(byte familyAndTransport, int length)
    {
        Parse(ProxyProtocolHeaders.V2Fixed(0x21, familyAndTransport, length)).Should().Be((ProxyHeaderStatus.Parsed, new ProxyHeader(16 + length, null)));
    }

    [Fact]
    public void V2_OfTheLongestLengthAccepted_IsParsed_AndOneByteMoreIsRefusedFromItsFixedPart()
    {
        var longest = ProxyProtocolHeaders.V2(Client4, ProxyProtocolHeaders.Tlv(0xE0, new byte[ProxyHeaderParser.MaxLength - 16 - 12 - 3]));
        longest.Length.Should().Be(ProxyHeaderParser.MaxLength);
        Parse(longest).Should().Be((ProxyHeaderStatus.Parsed, new ProxyHeader(ProxyHeaderParser.MaxLength, Client4)));

        var oversize = ProxyProtocolHeaders.V2(Client4, ProxyProtocolHeaders.Tlv(0xE0, new byte[ProxyHeaderParser.MaxLength - 16 - 12 - 2]));
        Parse(oversize.AsSpan(0, 16).ToArray()).Status.Should().Be(ProxyHeaderStatus.Invalid, "the length alone rules it out");
    }

    [Theory]
    [InlineData(0x11, 0x11, 12)] // version 1 in the binary form
    [InlineData(0x31, 0x11, 12)] // version 3
    [InlineData(0x22, 0x11, 12)] // command 2
    [InlineData(0x21, 0x41, 12)] // family 4
    [InlineData(0x21, 0x13, 12)] // transport 3
    [InlineData(0x21, 0x11, 11)] // IPv4 block too short
    [InlineData(0x21, 0x21, 35)] // IPv6 block too short
    [InlineData(0x21, 0x31, 215)] // UNIX block too short
    public void V2_WithWhatTheSpecDoesNotDefine_IsInvalid(byte versionAndCommand, byte familyAndTransport, int length)
    {
        Parse(ProxyProtocolHeaders.V2Fixed(versionAndCommand, familyAndTransport, length)).Status.Should().Be(ProxyHeaderStatus.Invalid);
    }

    [Theory]
    [InlineData(new byte[] { 0x16, 0x03, 0x01, 0x02, 0x00 })] // a TLS ClientHello: a proxy that sent no header
    [InlineData(new byte[] { (byte)'G', (byte)'E', (byte)'T', (byte)' ' })]
    [InlineData(new byte[] { (byte)'P', (byte)'O', (byte)'S', (byte)'T' })]
    [InlineData(new byte[] { 0x0D, 0x0A, 0x0D, 0x0A, 0x01 })] // v2's signature, wrong from its fifth byte
    public void Garbage_IsInvalidFromTheFirstByteThatRulesAHeaderOut(byte[] bytes)
    {
        Parse(bytes).Status.Should().Be(ProxyHeaderStatus.Invalid);
    }

    [Fact]
    public void Nothing_IsIncomplete()
    {
        Parse([]).Status.Should().Be(ProxyHeaderStatus.Incomplete);
    }

    [Fact]
    public void AnyHeader_ArrivingByteByByte_IsIncompleteUntilItsLastByte_ThenParsedWhateverFollows()
    {
        Gen.Select(GenHeader, Gen.Byte.Array[0, 64]).Sample((generated, following) =>
        {
            var (header, source) = generated;
            byte[] stream = [.. header, .. following];
            for (var length = 0; length < header.Length; length++)
            {
                Parse(stream[..length]).Status.Should().Be(ProxyHeaderStatus.Incomplete, $"{length} of {header.Length} bytes arrived");
            }

            for (var length = header.Length; length <= stream.Length; length++)
            {
                Parse(stream[..length]).Should().Be((ProxyHeaderStatus.Parsed, new ProxyHeader(header.Length, source)));
            }
        });
    }

    [Fact]
    public void AnyHeader_InSegmentsCutAnywhere_ParsesAsInOnePiece()
    {
        Gen.Select(GenHeader, Gen.Byte.Array[0, 32], Gen.Int[0, 1100].Array[0, 8]).Sample((generated, following, cuts) =>
        {
            var (header, source) = generated;
            var sequence = SplitSequence.Of([.. header, .. following], cuts);

            ProxyHeaderParser.TryParse(sequence, out var parsed).Should().Be(ProxyHeaderStatus.Parsed);
            parsed.Should().Be(new ProxyHeader(header.Length, source));
        });
    }

    [Fact]
    public void AnyBytes_NeverThrow_AndAParsedHeaderFitsInThemAndInTheLimit()
    {
        var genBytes = Gen.OneOf(
            Gen.Byte.Array[0, 1200],
            Gen.Byte.Array[0, 1200].Select(b => (byte[])[.. "PROXY "u8, .. b]),
            Gen.Byte.Array[0, 1200].Select(b => (byte[])[.. ProxyProtocolHeaders.V2Signature, .. b]));
        genBytes.Sample(bytes =>
        {
            var (status, header) = Parse(bytes);
            if (status == ProxyHeaderStatus.Parsed)
            {
                header.Length.Should().BeInRange(15, Math.Min(bytes.Length, ProxyHeaderParser.MaxLength));
            }
        });
    }

    [Fact]
    public void AnyHeader_WithOneByteOfItsFixedPartChanged_IsNeverReadAsAnotherClient()
    {
        Gen.Select(GenEndPoint, Gen.Int[0, 15], Gen.Byte[1, 255]).Sample((source, position, flip) =>
        {
            // The family nibble is left alone: an IPv6 header whose family reads IPv4 is a well-formed IPv4 header over the
            // same bytes (its length covers 12), a change no parser can tell from a real one, and TCP's checksum is what
            // guards these bytes on the wire.
            var change = position == 13 ? flip & 0x0F : flip;
            if (change == 0)
            {
                return;
            }

            var header = ProxyProtocolHeaders.V2(source);
            header[position] ^= (byte)change;
            var (status, parsed) = Parse(header);
            if (status == ProxyHeaderStatus.Parsed)
            {
                // Still a header (LOCAL, no family, another transport): then it names the same client or none.
                (parsed.Source is null || parsed.Source.Equals(source)).Should().BeTrue($"byte {position} changed to {header[position]:x2} gave {parsed.Source}");
            }
        });
    }

    private static (ProxyHeaderStatus Status, ProxyHeader Header) Parse(byte[] bytes)
    {
        var status = ProxyHeaderParser.TryParse(bytes, out var header);
        return (status, header);
    }
}
