using System.Diagnostics.CodeAnalysis;
using PyChat.Client.Cryptography;
using PyChat.Protocol;

namespace PyChat.Client.Internal.Payloads;

/// <summary>
/// Rekey (docs/PROTOCOL.md §6.2): <c>0x03 ‖ u32 epoch ‖ bytes[65] hubEphemeralPublicKey ‖ u8 count ‖
/// count × (str8 name ‖ bytes16 wrappedKey) ‖ signature[64]</c>. An empty wrapped key lists a member the hub
/// withholds the key from.
/// </summary>
internal sealed record RekeyPayload(uint Epoch, ReadOnlyMemory<byte> HubEphemeralPublicKey, IReadOnlyList<WrappedRoomKey> Keys)
{
    public byte[] Encode(string room, string sender, IdentityKey identity)
    {
        var bodyLength = 1 + 4 + EphemeralKeyPair.PublicKeySize + 1
            + Keys.Sum(k => FrameWriter.SizeOfString8(k.Member) + FrameWriter.SizeOfBytes16(k.WrappedKey.Span));
        var payload = new byte[bodyLength + PayloadTranscript.SignatureSize];
        var writer = new FrameWriter(payload);
        writer.WriteByte((byte)PayloadKind.Rekey);
        writer.WriteUInt32(Epoch);
        writer.WriteFixed(HubEphemeralPublicKey.Span[..EphemeralKeyPair.PublicKeySize]);
        writer.WriteByte(checked((byte)Keys.Count));
        foreach (var key in Keys)
        {
            writer.WriteString8(key.Member);
            writer.WriteBytes16(key.WrappedKey.Span);
        }

        PayloadTranscript.Sign(identity, room, sender, payload);
        return payload;
    }

    /// <summary>The entry for <paramref name="member"/>, or <see langword="null"/> if the hub sent it none.</summary>
    public WrappedRoomKey? KeyFor(string member) => Keys.FirstOrDefault(k => string.Equals(k.Member, member, StringComparison.Ordinal));

    /// <summary>Decodes a payload whose signature has been verified; <see langword="false"/> if it is malformed.</summary>
    public static bool TryDecode(ReadOnlyMemory<byte> payload, [NotNullWhen(true)] out RekeyPayload? rekey)
    {
        rekey = null;
        if (payload.Length < PayloadTranscript.MinimumPayloadSize || payload.Span[0] != (byte)PayloadKind.Rekey)
        {
            return false;
        }

        try
        {
            var reader = new FrameReader(payload[1..^PayloadTranscript.SignatureSize]);
            var epoch = reader.ReadUInt32();
            var hubKey = reader.ReadFixed(EphemeralKeyPair.PublicKeySize);
            var keys = new WrappedRoomKey[reader.ReadByte()];
            var names = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < keys.Length; i++)
            {
                keys[i] = new WrappedRoomKey(reader.ReadString8(), reader.ReadBytes16());
                if (!Names.IsValid(keys[i].Member) || !names.Add(keys[i].Member))
                {
                    return false;
                }
            }

            reader.EnsureEnd();
            rekey = new RekeyPayload(epoch, hubKey, keys);
            return true;
        }
        catch (FrameFormatException)
        {
            return false;
        }
    }
}
