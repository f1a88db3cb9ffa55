using System.Text;
using PyChat.Client.Cryptography;
using PyChat.Protocol;

namespace PyChat.Client.Internal.Payloads;

/// <summary>
/// The bytes a payload's signature covers (docs/PROTOCOL.md §6):
/// <c>"pychat.v1/payload" 0x00 ‖ str8 room ‖ str8 sender ‖ payload-without-its-last-64-bytes</c>.
/// Binding room and sender stops the relay from moving a payload to another room or another name.
/// </summary>
internal static class PayloadTranscript
{
    public const int SignatureSize = ProtocolLimits.SignatureSize;

    /// <summary>Smallest payload: a kind byte and a signature.</summary>
    public const int MinimumPayloadSize = 1 + SignatureSize;

    private static readonly byte[] Label = Encoding.ASCII.GetBytes("pychat.v1/payload\0");

    /// <summary>The transcript of a payload body (the payload without its signature).</summary>
    public static byte[] Build(string room, string sender, ReadOnlySpan<byte> body)
    {
        var transcript = new byte[Label.Length + FrameWriter.SizeOfString8(room) + FrameWriter.SizeOfString8(sender) + body.Length];
        var writer = new FrameWriter(transcript);
        writer.WriteFixed(Label);
        writer.WriteString8(room);
        writer.WriteString8(sender);
        writer.WriteFixed(body);
        return transcript;
    }

    /// <summary>Signs <paramref name="payload"/>'s body into its last 64 bytes.</summary>
    public static void Sign(IdentityKey identity, string room, string sender, Span<byte> payload)
    {
        var body = payload[..^SignatureSize];
        identity.Sign(Build(room, sender, body), payload[^SignatureSize..]);
    }

    /// <summary>Whether <paramref name="payload"/> carries <paramref name="key"/>'s signature for this room and sender.</summary>
    public static bool Verify(IdentityPublicKey key, string room, string sender, ReadOnlySpan<byte> payload) =>
        payload.Length >= MinimumPayloadSize
        && key.Verify(Build(room, sender, payload[..^SignatureSize]), payload[^SignatureSize..]);
}
