using System.Text;
using PyChat.Client.Cryptography;
using PyChat.Client.Internal.Payloads;

namespace PyChat.ClientLib.Tests.Protocol;

/// <summary>
/// The payload examples of docs/PROTOCOL.md §9.2, built with the real codecs. ECDSA signatures are
/// randomized, so the signed examples carry a signature made once with a throwaway key whose public half
/// is documented (<c>identity-key-alice</c>); the tests verify it over the transcript the code builds.
/// </summary>
internal static class PayloadExamples
{
    public const string Room = "lobby";

    /// <summary>The P-256 base point G as an uncompressed point: a valid public key anyone can recognise.</summary>
    public static readonly byte[] BasePoint = Convert.FromHexString(
        "04" + "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"
        + "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5");

    /// <summary>The Fernet spec's own vector (github.com/fernet/spec, generate.json).</summary>
    public const string FernetSpecKey = "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=";
    public const string FernetSpecToken = "gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA==";
    public static readonly DateTimeOffset FernetSpecTime = DateTimeOffset.FromUnixTimeSeconds(499162800);

    public static byte[] AnnouncementBody() => Body(new Announcement(BasePoint).Encode(Room, "alice", Throwaway));

    public static byte[] ChatBody() =>
        Body(new ChatPayload(1, 1, Encoding.ASCII.GetBytes(FernetSpecToken)).Encode(Room, "alice", Throwaway));

    public static byte[] RekeyBody() =>
        Body(new RekeyPayload(2, BasePoint, [new WrappedRoomKey("bob", Encoding.ASCII.GetBytes(FernetSpecToken))]).Encode(Room, "alice", Throwaway));

    public static IReadOnlyDictionary<string, Func<byte[]>> Transcripts { get; } = new Dictionary<string, Func<byte[]>>
    {
        ["announcement-transcript"] = () => PayloadTranscript.Build(Room, "alice", AnnouncementBody()),
        ["chat-transcript"] = () => PayloadTranscript.Build(Room, "alice", ChatBody()),
    };

    public static IReadOnlyDictionary<string, Func<byte[]>> SignedBodies { get; } = new Dictionary<string, Func<byte[]>>
    {
        ["announcement"] = AnnouncementBody,
        ["chat"] = ChatBody,
        ["rekey"] = RekeyBody,
    };

    private static IdentityKey Throwaway { get; } = IdentityKey.Generate();

    private static byte[] Body(byte[] payload) => payload[..^64];
}
