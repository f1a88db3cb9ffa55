using System.Text;
using PyChat.Client.Cryptography;
using PyChat.Client.Internal.Payloads;
using PyChat.Protocol.Frames;

namespace PyChat.ClientLib.Tests.Protocol;

/// <summary>
/// The payload examples of docs/PROTOCOL.md §9.2, built with the real codecs. ECDSA signatures are
/// randomized, so the signed examples carry a signature made once with a throwaway identity key whose public
/// half is documented (<c>identity-key-alice</c>, <c>-bob</c>, <c>-carol</c>); the tests verify each over the
/// transcript the code builds. The ephemeral keys are fixed scalars (RFC 5903 §8.1, 1·G, 2·G), so the room key
/// wrap is reproducible step by step.
/// </summary>
internal static class PayloadExamples
{
    public const string Room = "lobby";

    /// <summary>The P-256 base point G as an uncompressed point (private scalar 1): alice's member key.</summary>
    public static readonly byte[] BasePoint = Convert.FromHexString(
        "04" + "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"
        + "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5");

    /// <summary>The Fernet spec's own vector (github.com/fernet/spec, generate.json).</summary>
    public const string FernetSpecKey = "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=";
    public const string FernetSpecToken = "gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA==";
    public static readonly DateTimeOffset FernetSpecTime = DateTimeOffset.FromUnixTimeSeconds(499162800);

    /// <summary>The hub ephemeral private scalar of the Rekey: RFC 5903 §8.1's initiator key <c>i</c>.</summary>
    public static readonly byte[] HubEphemeralPrivate = Convert.FromHexString("c88f01f510d9ac3f70a292daa2316de544e9aab8afe84049c62a9c57862d1433");

    /// <summary>bob's member private scalar: RFC 5903 §8.1's responder key <c>r</c>.</summary>
    public static readonly byte[] BobMemberPrivate = Convert.FromHexString("c6ef9c5d78ae012a011164acb397ce2088685d8f06bf9be0b283ab46476bee53");

    /// <summary>carol's member private scalar: 2.</summary>
    public static readonly byte[] CarolMemberPrivate = Convert.FromHexString("0000000000000000000000000000000000000000000000000000000000000002");

    /// <summary>The epoch-2 room key: 80 81 … 9f.</summary>
    public static readonly byte[] RoomKey = ProtocolExamples.Sequence(0x80, 32);

    public const uint RekeyEpoch = 2;
    public static readonly DateTimeOffset WrapTime = DateTimeOffset.FromUnixTimeSeconds(1767225600);
    public static readonly byte[] WrapIv = ProtocolExamples.Sequence(0xa0, 16);

    public const string ChatText = "hello bob";
    public static readonly DateTimeOffset ChatTime = DateTimeOffset.FromUnixTimeSeconds(1767225660);
    public static readonly byte[] ChatIv = ProtocolExamples.Sequence(0xb0, 16);

    public static readonly IReadOnlyDictionary<string, byte[]> IdentityKeys = new Dictionary<string, byte[]>
    {
        ["alice"] = Convert.FromHexString(
            "3059301306072a8648ce3d020106082a8648ce3d030107034200045e69f6913b"
            + "c9c075b03c10135b875716746b3605245e240943383cdce95804a62c3a7c1cdb"
            + "344ba28326d257c8aeba6cf5c4f932ab1c9bd8f5a2252c43f3781d"),
        ["bob"] = Convert.FromHexString(
            "3059301306072a8648ce3d020106082a8648ce3d03010703420004531b0bb0fd"
            + "0bff796befd2b0847e8891f204c15a478e171262a1119da87b5b5c66820097c6"
            + "e5848484ce3def2525411817b0ff4b280d9f5f344bcf9b9e27ce86"),
        ["carol"] = Convert.FromHexString(
            "3059301306072a8648ce3d020106082a8648ce3d03010703420004be11c7511c"
            + "2b0974676ac79dcb55974e394980308c2804eed71fc2da1a9b09dd5a914a14bb"
            + "3a8912cbd01c4848b2297ac93bb804c16436d42087f538937cd0a2"),
    };

    /// <summary>Each member's announcement signature, made once with its throwaway identity key.</summary>
    private static readonly IReadOnlyDictionary<string, byte[]> AnnouncementSignatures = new Dictionary<string, byte[]>
    {
        ["alice"] = Convert.FromHexString(
            "41bc909f28d61397ae5f50cd7bd194d5bd7f7d317490a43888ed313c1a171997"
            + "7bf91f70273e03575355decaeda2a4b9f8cd6c8076c5725beb41daf1d1705a2a"),
        ["bob"] = Convert.FromHexString(
            "bc7000ed5c5c9f17506f8c80b602214325979b79201957651d652b6459fe0944"
            + "01e427f82cc0c3899c568def7d48fd709e5db81a55fa68350468c9c5ada7b4d5"),
        ["carol"] = Convert.FromHexString(
            "b4a754ad8fc59c78e096dfa4c591db083c8ec4564624e4e367de75e0b4ffe605"
            + "ba08898d39c77a47813daaaedf34402dcf13440c8d6f74765f26b537eb18f7db"),
    };

    public static IReadOnlyDictionary<string, Func<byte[]>> Transcripts { get; } = new Dictionary<string, Func<byte[]>>
    {
        ["announcement-transcript"] = () => PayloadTranscript.Build(Room, "alice", AnnouncementBody("alice")),
        ["chat-transcript"] = () => PayloadTranscript.Build(Room, "alice", ChatBody()),
        ["rekey-transcript"] = () => PayloadTranscript.Build(Room, "alice", RekeyBody()),
    };

    public static IReadOnlyDictionary<string, Func<byte[]>> SignedBodies { get; } = new Dictionary<string, Func<byte[]>>
    {
        ["announcement"] = () => AnnouncementBody("alice"),
        ["chat"] = ChatBody,
        ["rekey"] = RekeyBody,
    };

    private static IdentityKey Throwaway { get; } = IdentityKey.Generate();

    public static byte[] HubEphemeralPublic() => PublicKeyOf(HubEphemeralPrivate);

    /// <summary>The member key a member announces: G for alice, RFC 5903's responder key for bob, 2·G for carol.</summary>
    public static byte[] MemberKeyOf(string member) => member switch
    {
        "alice" => BasePoint,
        "bob" => PublicKeyOf(BobMemberPrivate),
        "carol" => PublicKeyOf(CarolMemberPrivate),
        _ => throw new ArgumentOutOfRangeException(nameof(member)),
    };

    public static IdentityPublicKey IdentityOf(string member) => IdentityPublicKey.FromSubjectPublicKeyInfo(IdentityKeys[member]);

    public static RoomKeyWrapContext WrapContext => new(Room, RekeyEpoch, IdentityOf("alice"), IdentityOf("bob"));

    /// <summary>The signed announcement of <paramref name="member"/>, as CreateRoom, JoinRoom and RoomJoined carry it.</summary>
    public static byte[] AnnouncementOf(string member) => [.. AnnouncementBody(member), .. AnnouncementSignatures[member]];

    /// <summary><paramref name="member"/> as the relay lists it.</summary>
    public static RoomMember MemberEntry(string member) => new(member, IdentityKeys[member], AnnouncementOf(member));

    /// <summary>bob's entry of the Rekey: the room key under the wrapping key, at the fixed time and IV (ASCII).</summary>
    public static byte[] WrappedKeyForBob()
    {
        using var hub = EphemeralKeyPair.FromPrivateKey(HubEphemeralPrivate);
        var bob = MemberKeyOf("bob");
        using var wrappingKey = RoomKeyWrap.DeriveWrappingKey(hub, hub.PublicKey.Span, bob, bob, WrapContext)!;
        return Encoding.ASCII.GetBytes(Fernet.Encrypt(wrappingKey, RoomKey, WrapTime, (ReadOnlySpan<byte>)WrapIv));
    }

    public static string ChatToken()
    {
        using var roomKey = FernetKey.Import(RoomKey);
        return Fernet.Encrypt(roomKey, Encoding.UTF8.GetBytes(ChatText), ChatTime, (ReadOnlySpan<byte>)ChatIv);
    }

    public static byte[] AnnouncementBody(string member) => Body(new Announcement(MemberKeyOf(member)).Encode(Room, member, Throwaway));

    public static byte[] ChatBody() =>
        Body(new ChatPayload(RekeyEpoch, 1, Encoding.ASCII.GetBytes(ChatToken())).Encode(Room, "alice", Throwaway));

    public static byte[] RekeyBody() =>
        Body(new RekeyPayload(RekeyEpoch, HubEphemeralPublic(), [new WrappedRoomKey("bob", WrappedKeyForBob())]).Encode(Room, "alice", Throwaway));

    private static byte[] PublicKeyOf(byte[] privateScalar)
    {
        using var pair = EphemeralKeyPair.FromPrivateKey(privateScalar);
        return pair.PublicKey.ToArray();
    }

    private static byte[] Body(byte[] payload) => payload[..^64];
}
