using System.Text;
using PyChat.Client.Cryptography;
using PyChat.Client.Internal.Payloads;

namespace PyChat.ClientLib.Tests.Protocol;

/// <summary>
/// Valid, signed payloads of every kind (docs/PROTOCOL.md §6) and valid Fernet tokens, the seeds
/// payload fuzzing mutates. The signatures are real, so a seed is exactly what a member sends.
/// </summary>
internal static class PayloadSeeds
{
    public const string Room = "lobby";
    public const string Sender = "alice";

    public static IdentityKey Identity { get; } = IdentityKey.Generate();

    public static FernetKey TokenKey { get; } = FernetKey.Generate();

    public static DateTimeOffset TokenTime { get; } = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    /// <summary>The plaintexts of <see cref="Tokens"/>.</summary>
    public static IReadOnlyList<byte[]> Plaintexts { get; } =
        [[], Encoding.UTF8.GetBytes("hello"), Encoding.UTF8.GetBytes("a message of more than one AES block, ünïcödé")];

    /// <summary>Tokens of <see cref="Plaintexts"/> under <see cref="TokenKey"/>, as ASCII.</summary>
    public static IReadOnlyList<byte[]> Tokens { get; } =
        [.. Plaintexts.Select(p => Encoding.ASCII.GetBytes(Fernet.Encrypt(TokenKey, p, TokenTime)))];

    public static IReadOnlyList<byte[]> Payloads()
    {
        using var member = EphemeralKeyPair.Generate();
        using var hub = EphemeralKeyPair.Generate();
        var wrapped = Tokens[2];
        return
        [
            new Announcement(member.PublicKey).Encode(Room, Sender, Identity),
            new ChatPayload(1, 1, Tokens[1]).Encode(Room, Sender, Identity),
            new ChatPayload(uint.MaxValue - 1, ulong.MaxValue, Tokens[2]).Encode(Room, Sender, Identity),
            new RekeyPayload(2, hub.PublicKey, []).Encode(Room, Sender, Identity),
            new RekeyPayload(3, hub.PublicKey, [new WrappedRoomKey("bob", wrapped)]).Encode(Room, Sender, Identity),
            new RekeyPayload(4, hub.PublicKey, [new WrappedRoomKey("bob", wrapped), new WrappedRoomKey("carol", wrapped), new WrappedRoomKey("d.e-f_9", wrapped)])
                .Encode(Room, Sender, Identity),
        ];
    }
}
