using System.Security.Cryptography;
using System.Text;
using FluentAssertions;
using PyChat.Client.Cryptography;
using PyChat.Client.Internal.Payloads;

namespace PyChat.ClientLib.Tests.Protocol;

public sealed class PayloadDocumentTests
{
    private static readonly IReadOnlyDictionary<string, string> Documented = ProtocolDocument.HexExamples();

    public static TheoryData<string> TranscriptNames() => new(PayloadExamples.Transcripts.Keys);

    public static TheoryData<string> SignedNames() => new(PayloadExamples.SignedBodies.Keys);

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
        var alice = IdentityPublicKey.FromSubjectPublicKeyInfo(Convert.FromHexString(Documented["identity-key-alice"]));

        Convert.ToHexStringLower(documented[..^64]).Should().Be(Convert.ToHexStringLower(body));
        PayloadTranscript.Verify(alice, PayloadExamples.Room, "alice", documented).Should().BeTrue();
        PayloadTranscript.Verify(alice, PayloadExamples.Room, "bob", documented).Should().BeFalse("the sender is part of the transcript");
    }

    [Fact]
    public void DocumentedPayloads_DecodeToTheirFields()
    {
        Announcement.TryDecode(Convert.FromHexString(Documented["announcement"]), out var announcement).Should().BeTrue();
        announcement!.EphemeralPublicKey.ToArray().Should().Equal(PayloadExamples.BasePoint);

        ChatPayload.TryDecode(Convert.FromHexString(Documented["chat"]), out var chat).Should().BeTrue();
        (chat!.Epoch, chat.Sequence, Encoding.ASCII.GetString(chat.Token.Span)).Should().Be((1u, 1ul, PayloadExamples.FernetSpecToken));

        RekeyPayload.TryDecode(Convert.FromHexString(Documented["rekey"]), out var rekey).Should().BeTrue();
        rekey!.Epoch.Should().Be(2);
        rekey.KeyFor("bob")!.WrappedKey.Length.Should().Be(100);
        rekey.KeyFor("alice").Should().BeNull();
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

    [Fact]
    public void RoomKeyWrapInfoExample_FollowsTheDocumentedFormula()
    {
        var alice = IdentityPublicKey.FromSubjectPublicKeyInfo(Convert.FromHexString(Documented["identity-key-alice"]));
        var bob = IdentityPublicKey.FromSubjectPublicKeyInfo(Convert.FromHexString(Documented["identity-key-bob"]));
        byte[] expected = [.. "pychat.v1/room-key-wrap\0"u8, 5, .. "lobby"u8, 0, 0, 0, 2, .. alice.Fingerprint.Span, .. bob.Fingerprint.Span];

        Documented["room-key-wrap-info"].Should().Be(Convert.ToHexStringLower(expected));
    }
}
