using System.Diagnostics.CodeAnalysis;
using PyChat.Client.Cryptography;

namespace PyChat.Client.Internal.Payloads;

/// <summary>
/// Announcement (docs/PROTOCOL.md §6.1): <c>0x01 ‖ bytes[65] ephemeralPublicKey ‖ signature[64]</c>.
/// A member's per-session ECDH key, which whoever is hub wraps room keys for.
/// </summary>
internal sealed record Announcement(ReadOnlyMemory<byte> EphemeralPublicKey)
{
    public const int BodySize = 1 + EphemeralKeyPair.PublicKeySize;

    public byte[] Encode(string room, string sender, IdentityKey identity)
    {
        var payload = new byte[BodySize + PayloadTranscript.SignatureSize];
        payload[0] = (byte)PayloadKind.Announcement;
        EphemeralPublicKey.Span[..EphemeralKeyPair.PublicKeySize].CopyTo(payload.AsSpan(1));
        PayloadTranscript.Sign(identity, room, sender, payload);
        return payload;
    }

    /// <summary>
    /// Decodes a payload whose signature has been verified; <see langword="false"/> if it is malformed,
    /// including a key that is not a point on P-256 (a signed off-curve point must not reach the hub's
    /// key wrap, docs/PROTOCOL.md §6.1).
    /// </summary>
    public static bool TryDecode(ReadOnlyMemory<byte> payload, [NotNullWhen(true)] out Announcement? announcement)
    {
        // Exactly kind, an uncompressed SEC 1 point (0x04 ‖ X ‖ Y) on the curve, and a signature.
        var valid = payload.Length == BodySize + PayloadTranscript.SignatureSize
            && payload.Span[0] == (byte)PayloadKind.Announcement
            && EphemeralKeyPair.IsValidPublicKey(payload.Span[1..BodySize]);
        announcement = valid ? new Announcement(payload[1..BodySize].ToArray()) : null;
        return valid;
    }
}
