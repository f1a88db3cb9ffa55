using System.Text;
using PyChat.Client.Cryptography;
using PyChat.Client.Internal.Payloads;

namespace PyChat.ClientLib.Tests.Protocol;

/// <summary>
/// Valid payloads of every kind (docs/PROTOCOL.md §6) and a valid Fernet token, the seeds payload
/// fuzzing mutates. Everything is fixed so that every case is the same bytes in every run: the keys
/// are the P-256 base point and the Fernet spec's vector, and the signature (randomized by ECDSA, and
/// never read by a decoder, which runs after verification) is replaced by a fixed pattern.
/// </summary>
internal static class PayloadSeeds
{
    public const string Room = PayloadExamples.Room;
    public const string Sender = "alice";

    /// <summary>Signs re-encoded payloads; its signatures are not compared.</summary>
    public static IdentityKey Identity { get; } = IdentityKey.Generate();

    public static FernetKey TokenKey { get; } = FernetKey.FromBase64Url(PayloadExamples.FernetSpecKey);

    public static DateTimeOffset TokenTime => PayloadExamples.FernetSpecTime;

    /// <summary>The plaintext of <see cref="Tokens"/>.</summary>
    public static IReadOnlyList<byte[]> Plaintexts { get; } = [Encoding.UTF8.GetBytes("hello")];

    /// <summary>The Fernet spec's token under <see cref="TokenKey"/>, as ASCII.</summary>
    public static IReadOnlyList<byte[]> Tokens { get; } = [Encoding.ASCII.GetBytes(PayloadExamples.FernetSpecToken)];

    public static IReadOnlyList<byte[]> Payloads()
    {
        var point = PayloadExamples.BasePoint;
        var token = Tokens[0];
        return
        [
            Fixed(new Announcement(point).Encode(Room, Sender, Identity)),
            Fixed(new ChatPayload(1, 1, token).Encode(Room, Sender, Identity)),
            Fixed(new ChatPayload(uint.MaxValue - 1, ulong.MaxValue, token).Encode(Room, Sender, Identity)),
            Fixed(new RekeyPayload(2, point, []).Encode(Room, Sender, Identity)),
            Fixed(new RekeyPayload(3, point, [new WrappedRoomKey("bob", token)]).Encode(Room, Sender, Identity)),
            Fixed(new RekeyPayload(4, point, [new WrappedRoomKey("bob", token), new WrappedRoomKey("carol", token), new WrappedRoomKey("d.e-f_9", token)])
                .Encode(Room, Sender, Identity)),
        ];
    }

    private static byte[] Fixed(byte[] payload)
    {
        var signature = payload.AsSpan(^PayloadTranscript.SignatureSize..);
        for (var i = 0; i < signature.Length; i++)
        {
            signature[i] = (byte)(0x40 + i);
        }

        return payload;
    }
}
