using System.Security.Cryptography;
using System.Text;
using FluentAssertions;
using PyChat.Client.Cryptography;
using PyChat.Client.Internal.Payloads;
using PyChat.Protocol;
using PyChat.Protocol.Frames;

namespace PyChat.ClientLib.Tests.Protocol;

public sealed class PayloadDocumentTests
{
    private static readonly IReadOnlyDictionary<string, string> Documented = ProtocolDocument.HexExamples();

    /// <summary>Examples checked by a fact of their own (here or in <see cref="RoomKeyWrapVectorTests"/>) rather than by a table.</summary>
    private static readonly string[] CheckedOneByOne =
    [
        "identity-key-alice", "identity-key-bob", "identity-key-carol", "fernet-token", "chat-token",
        "room-key-wrap-hub-private", "room-key-wrap-hub-public", "room-key-wrap-member-private", "room-key-wrap-member-public",
        "room-key-wrap-shared", "room-key-wrap-salt", "room-key-wrap-info", "room-key-wrap-key", "room-key-wrap-key-text",
        "room-key", "room-key-wrap-token", "room-key-wrap-token-text",
    ];

    public static TheoryData<string> TranscriptNames() => new(PayloadExamples.Transcripts.Keys);

    public static TheoryData<string> SignedNames() => new(PayloadExamples.SignedBodies.Keys);

    [Fact]
    public void EveryExampleInProtocolDocument_IsCheckedByATest_AndNamedOnce()
    {
        var names = ProtocolDocument.AllExampleNames();
        var checkedNames = ProtocolExamples.Envelope.Keys.Concat(PayloadExamples.Transcripts.Keys)
            .Concat(PayloadExamples.SignedBodies.Keys).Concat(CheckedOneByOne).ToHashSet();

        names.Should().OnlyHaveUniqueItems();
        names.Should().BeSubsetOf(checkedNames);
        checkedNames.Should().BeSubsetOf(names);
    }

    [Theory]
    [MemberData(nameof(TranscriptNames))]
    public void TranscriptExample_InProtocolDocument_IsWhatTheCodeSigns(string name)
    {
        Documented.Should().ContainKey(name);
        Documented[name].Should().Be(Convert.ToHexStringLower(PayloadExamples.Transcripts[name]()));
    }

    [Theory]
    [MemberData(nameof(SignedNames))]
    public void SignedPayloadExample_IsWhatTheCodeEncodes_SignedByTheDocumentedKey(string name)
    {
        var documented = Convert.FromHexString(Documented[name]);
        var body = PayloadExamples.SignedBodies[name]();
        var alice = DocumentedIdentity("alice");

        Convert.ToHexStringLower(documented[..^64]).Should().Be(Convert.ToHexStringLower(body));
        PayloadTranscript.Verify(alice, PayloadExamples.Room, "alice", documented).Should().BeTrue();
        PayloadTranscript.Verify(alice, PayloadExamples.Room, "bob", documented).Should().BeFalse("the sender is part of the transcript");
        PayloadTranscript.Verify(alice, "dev", "alice", documented).Should().BeFalse("the room is part of the transcript");
    }

    [Fact]
    public void DocumentedIdentityKeys_AreTheOnesTheExamplesUse()
    {
        foreach (var (name, spki) in PayloadExamples.IdentityKeys)
        {
            Documented["identity-key-" + name].Should().Be(Convert.ToHexStringLower(spki));
            IdentityPublicKey.TryFromSubjectPublicKeyInfo(spki, out _).Should().BeTrue();
        }
    }

    [Fact]
    public void DocumentedPayloads_DecodeToTheirFields()
    {
        Announcement.TryDecode(Convert.FromHexString(Documented["announcement"]), out var announcement).Should().BeTrue();
        announcement!.EphemeralPublicKey.ToArray().Should().Equal(PayloadExamples.BasePoint);

        ChatPayload.TryDecode(Convert.FromHexString(Documented["chat"]), out var chat).Should().BeTrue();
        (chat!.Epoch, chat.Sequence, Encoding.ASCII.GetString(chat.Token.Span)).Should().Be((2u, 1ul, PayloadExamples.ChatToken()));

        RekeyPayload.TryDecode(Convert.FromHexString(Documented["rekey"]), out var rekey).Should().BeTrue();
        rekey!.Epoch.Should().Be(2);
        rekey.HubEphemeralPublicKey.ToArray().Should().Equal(Convert.FromHexString(Documented["room-key-wrap-hub-public"]));
        Encoding.ASCII.GetString(rekey.KeyFor("bob")!.WrappedKey.Span).Should().Be(ProtocolDocument.TextExamples()["room-key-wrap-token-text"]);
        rekey.KeyFor("bob")!.WrappedKey.Length.Should().Be(140);
        rekey.KeyFor("alice").Should().BeNull();
    }

    [Fact]
    public void RekeyExample_OpensForBob_AndItsRoomKeyOpensTheChatExample()
    {
        RekeyPayload.TryDecode(Convert.FromHexString(Documented["rekey"]), out var rekey).Should().BeTrue();
        using var bob = EphemeralKeyPair.FromPrivateKey(Convert.FromHexString(Documented["room-key-wrap-member-private"]));
        var context = new RoomKeyWrapContext("lobby", rekey!.Epoch, DocumentedIdentity("alice"), DocumentedIdentity("bob"));

        RoomKeyWrap.TryUnwrap(rekey.KeyFor("bob")!.WrappedKey.Span, bob, rekey.HubEphemeralPublicKey.Span, context, PayloadExamples.WrapTime, out var roomKey)
            .Should().BeTrue();
        using (roomKey)
        {
            ChatPayload.TryDecode(Convert.FromHexString(Documented["chat"]), out var chat).Should().BeTrue();
            chat!.Epoch.Should().Be(rekey.Epoch);
            Fernet.TryDecrypt(roomKey!, chat.Token.Span, FernetValidation.Default, PayloadExamples.ChatTime, out var text, out var error).Should().BeTrue(error.ToString());
            Encoding.UTF8.GetString(text!).Should().Be(PayloadExamples.ChatText);
            ChatPayload.ReadTokenTimestamp(chat.Token.Span).Should().Be(PayloadExamples.ChatTime);
        }
    }

    [Fact]
    public void ChatTokenExample_FieldsAreWhatTheFernetSpecSays()
    {
        var raw = Convert.FromHexString(Documented["chat-token"]);
        var token = PayloadExamples.ChatToken();
        var key = Convert.FromHexString(Documented["room-key"]);
        using var aes = Aes.Create();
        aes.Key = key[16..];

        Convert.FromBase64String(token.Replace('-', '+').Replace('_', '/')).Should().Equal(raw);
        raw[0].Should().Be(0x80);
        raw[1..9].Should().Equal(BitConverter.GetBytes(1767225660UL).Reverse());
        raw[9..25].Should().Equal(PayloadExamples.ChatIv);
        raw[25..^32].Should().Equal(aes.EncryptCbc(Encoding.UTF8.GetBytes(PayloadExamples.ChatText), raw[9..25]));
        raw[^32..].Should().Equal(HMACSHA256.HashData(key[..16], raw[..^32]));
    }

    [Fact]
    public void RegisterExample_CarriesAliceKey_AndASignatureThatVerifiesOverTheRegisterTranscript()
    {
        var register = (RegisterFrame)Frame.Decode(Convert.FromHexString(Documented["register"]));
        var transcript = Convert.FromHexString(Documented["register-transcript"]);
        var alice = IdentityPublicKey.FromSubjectPublicKeyInfo(register.IdentityKey.Span);

        register.IdentityKey.ToArray().Should().Equal(Convert.FromHexString(Documented["identity-key-alice"]));
        AuthTranscript.Register(ProtocolExamples.RelayId, ProtocolExamples.Challenge, register.User, register.IdentityKey.Span).Should().Equal(transcript);
        alice.Verify(transcript, register.Signature.Span).Should().BeTrue();
        alice.Verify(AuthTranscript.Login(ProtocolExamples.RelayId, ProtocolExamples.Challenge, "alice"), register.Signature.Span).Should().BeFalse();
    }

    [Fact]
    public void RoomEntryExamples_CarryAnnouncementsThatVerifyWithTheListedIdentityKeys()
    {
        var joined = (RoomJoinedFrame)Frame.Decode(Convert.FromHexString(Documented["room-joined"]));
        var memberJoined = (MemberJoinedFrame)Frame.Decode(Convert.FromHexString(Documented["member-joined"]));
        var create = (CreateRoomFrame)Frame.Decode(Convert.FromHexString(Documented["create-room"]));
        var join = (JoinRoomFrame)Frame.Decode(Convert.FromHexString(Documented["join-room"]));

        joined.Members.Select(m => m.Name).Should().Equal("alice", "bob", "carol");
        joined.Away.Should().Equal("bob");
        (joined.Hub, joined.LogEpoch, joined.Offset).Should().Be(("alice", ProtocolExamples.LogEpoch, 5ul));
        foreach (var member in joined.Members.Append(memberJoined.Member))
        {
            member.IdentityKey.ToArray().Should().Equal(Convert.FromHexString(Documented["identity-key-" + member.Name]));
            member.Announcement.Length.Should().Be(130);
            PayloadTranscript.Verify(IdentityPublicKey.FromSubjectPublicKeyInfo(member.IdentityKey.Span), "lobby", member.Name, member.Announcement.Span)
                .Should().BeTrue($"{member.Name}'s announcement is signed by {member.Name}");
            Announcement.TryDecode(member.Announcement, out var announcement).Should().BeTrue();
            announcement!.EphemeralPublicKey.ToArray().Should().Equal(PayloadExamples.MemberKeyOf(member.Name));
        }

        create.Announcement.ToArray().Should().Equal(Convert.FromHexString(Documented["announcement"]));
        join.Announcement.ToArray().Should().Equal(joined.Members[2].Announcement.ToArray());
        memberJoined.Member.Name.Should().Be("carol");
        memberJoined.Member.Announcement.ToArray().Should().Equal(joined.Members[2].Announcement.ToArray());
        (memberJoined.Room, memberJoined.Offset).Should().Be(("lobby", joined.Offset), "the joiner's RoomJoined and the others' MemberJoined share the offset");
        Documented["room-key-wrap-member-public"].Should().Be(Convert.ToHexStringLower(PayloadExamples.MemberKeyOf("bob")), "bob announces the member key of the key wrap example");
    }

    [Fact]
    public void FernetTokenExample_IsTheSpecVector_AndOpensToHello()
    {
        using var key = FernetKey.FromBase64Url(PayloadExamples.FernetSpecKey);
        var raw = Convert.FromHexString(Documented["fernet-token"]);

        Convert.FromBase64String(PayloadExamples.FernetSpecToken.Replace('-', '+').Replace('_', '/')).Should().Equal(raw);
        Fernet.TryDecrypt(key, PayloadExamples.FernetSpecToken, FernetValidation.Default, PayloadExamples.FernetSpecTime, out var plaintext, out var error)
            .Should().BeTrue(error.ToString());
        Encoding.UTF8.GetString(plaintext!).Should().Be("hello");
        ChatPayload.ReadTokenTimestamp(Encoding.ASCII.GetBytes(PayloadExamples.FernetSpecToken)).Should().Be(PayloadExamples.FernetSpecTime);
    }

    [Fact]
    public void FernetTokenExample_FieldsAreWhatTheSpecSays()
    {
        var raw = Convert.FromHexString(Documented["fernet-token"]);
        var secret = Convert.FromBase64String(PayloadExamples.FernetSpecKey.Replace('-', '+').Replace('_', '/'));
        using var aes = Aes.Create();
        aes.Key = secret[16..];

        raw[0].Should().Be(0x80);
        raw[1..9].Should().Equal(BitConverter.GetBytes(499162800UL).Reverse());
        raw[9..25].Should().Equal(Enumerable.Range(0, 16).Select(i => (byte)i));
        raw[25..^32].Should().Equal(aes.EncryptCbc("hello"u8, raw[9..25]));
        raw[^32..].Should().Equal(HMACSHA256.HashData(secret[..16], raw[..^32]));
    }

    private static IdentityPublicKey DocumentedIdentity(string name) =>
        IdentityPublicKey.FromSubjectPublicKeyInfo(Convert.FromHexString(Documented["identity-key-" + name]));
}
