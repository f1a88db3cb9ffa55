using System.Buffers.Binary;
using System.Text;
using FluentAssertions;
using PyChat.Client.Internal.Payloads;

namespace PyChat.ClientLib.Tests.Rooms;

public sealed class ChatPayloadTests
{
    [Theory]
    [InlineData(253402300800UL)] // one second past DateTimeOffset.MaxValue
    [InlineData(long.MaxValue / 2)] // the largest a token may carry before Fernet calls it from the future
    [InlineData(ulong.MaxValue)]
    public void TokenTimestampBeyondTheYear9999_ReadsAsTheLatestTime_InsteadOfThrowing(ulong seconds)
    {
        var head = new byte[9 + 16 + 32];
        head[0] = 0x80;
        BinaryPrimitives.WriteUInt64BigEndian(head.AsSpan(1), seconds);
        var token = Encoding.ASCII.GetBytes(Convert.ToBase64String(head).Replace('+', '-').Replace('/', '_'));

        ChatPayload.ReadTokenTimestamp(token).Should().Be(DateTimeOffset.MaxValue);
    }
}
