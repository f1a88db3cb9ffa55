using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using PyChat.Protocol;

namespace PyChat.Client.Internal.Payloads;

/// <summary>
/// Chat (docs/PROTOCOL.md §6.3): <c>0x02 ‖ u32 epoch ‖ u64 sequence ‖ token (ASCII, the rest) ‖ signature[64]</c>.
/// </summary>
internal sealed record ChatPayload(uint Epoch, ulong Sequence, ReadOnlyMemory<byte> Token)
{
    private const int HeaderSize = 1 + 4 + 8;
    private static readonly long MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    public byte[] Encode(string room, string sender, Cryptography.IdentityKey identity)
    {
        var payload = new byte[HeaderSize + Token.Length + PayloadTranscript.SignatureSize];
        var writer = new FrameWriter(payload);
        writer.WriteByte((byte)PayloadKind.Chat);
        writer.WriteUInt32(Epoch);
        writer.WriteUInt64(Sequence);
        writer.WriteFixed(Token.Span);
        PayloadTranscript.Sign(identity, room, sender, payload);
        return payload;
    }

    /// <summary>Decodes a payload whose signature has been verified; <see langword="false"/> if it is malformed.</summary>
    public static bool TryDecode(ReadOnlyMemory<byte> payload, [NotNullWhen(true)] out ChatPayload? chat)
    {
        chat = null;
        if (payload.Length <= HeaderSize + PayloadTranscript.SignatureSize || payload.Span[0] != (byte)PayloadKind.Chat)
        {
            return false;
        }

        var reader = new FrameReader(payload[1..^PayloadTranscript.SignatureSize]);
        chat = new ChatPayload(reader.ReadUInt32(), reader.ReadUInt64(), reader.ReadRest());
        return true;
    }

    /// <summary>
    /// The timestamp of a Fernet token (bytes 1–8 of the decoded token). Read only after the token
    /// opened, so it is authenticated.
    /// </summary>
    public static DateTimeOffset ReadTokenTimestamp(ReadOnlySpan<byte> tokenAscii)
    {
        // 12 base64url characters decode to 9 bytes: the version and the u64 timestamp.
        Span<char> head = stackalloc char[12];
        for (var i = 0; i < head.Length; i++)
        {
            head[i] = tokenAscii[i] switch { (byte)'-' => '+', (byte)'_' => '/', var c => (char)c };
        }

        Span<byte> decoded = stackalloc byte[9];
        if (!Convert.TryFromBase64Chars(head, decoded, out var written) || written != 9)
        {
            throw new FormatException("token header is not base64url");
        }

        var seconds = BinaryPrimitives.ReadUInt64BigEndian(decoded[1..]);
        // A token can carry any u64; with a large MaxClockSkew one past year 9999 is accepted, and
        // must not make this throw.
        return seconds > (ulong)MaxUnixSeconds ? DateTimeOffset.MaxValue : DateTimeOffset.FromUnixTimeSeconds((long)seconds);
    }
}
