using CsCheck;
using FluentAssertions;
using PyChat.Client;
using PyChat.Client.Cryptography;
using PyChat.Client.Internal.Payloads;
using PyChat.Protocol.Frames;
using static PyChat.ClientLib.Tests.Rooms.RoomConversationTests;

namespace PyChat.ClientLib.Tests.Rooms;

public sealed class RoomRejectionTests
{
    [Fact]
    public void ReplayedDeliver_IsRejectedAsReplay_AndShownOnce()
    {
        var (relay, alice, bob) = TwoMembers();
        bob.Send("once");
        relay.DeliverAll();

        alice.Inject(relay.Delivered[^1]);

        alice.Messages.Should().ContainSingle();
        alice.Rejections.Should().ContainSingle().Which.Reason.Should().Be(RejectionReason.Replay);
    }

    [Fact]
    public void DuplicatePublish_IsShownOnce()
    {
        var (relay, alice, bob) = TwoMembers();
        var payload = bob.Session.EncryptMessage("twice?");
        relay.Publish("bob", payload);
        relay.Publish("bob", payload);
        relay.DeliverAll();

        alice.Messages.Should().ContainSingle();
        alice.Rejections.Should().ContainSingle().Which.Reason.Should().Be(RejectionReason.Replay);
    }

    [Fact]
    public void OlderSequenceAfterANewerOne_IsRejectedAsReplay()
    {
        var (relay, alice, bob) = TwoMembers();
        var first = bob.Session.EncryptMessage("first");
        var second = bob.Session.EncryptMessage("second");
        relay.Publish("bob", second);
        relay.Publish("bob", first);
        relay.DeliverAll();

        alice.Messages.Select(m => m.Text).Should().Equal("second");
        alice.Rejections.Should().ContainSingle().Which.Reason.Should().Be(RejectionReason.Replay);
    }

    [Fact]
    public void AnyFlippedBitOfAChatPayload_IsRejectedAsBadSignature_AndTheRoomGoesOn()
    {
        var (relay, alice, bob) = TwoMembers();
        Gen.Select(Gen.String[1, 40], Gen.Int[0, int.MaxValue]).Sample((text, position) =>
        {
            var payload = bob.Session.EncryptMessage(text);
            var flipped = payload.ToArray();
            var bit = position % (flipped.Length * 8);
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            var before = alice.Events.Count;

            alice.Inject(new DeliverFrame("lobby", 0, "bob", flipped).Encode());
            alice.Inject(new DeliverFrame("lobby", 0, "bob", payload).Encode());

            var events = alice.Events.Skip(before).ToList();
            events.Should().HaveCount(2);
            events[0].Should().BeOfType<MessageRejected>().Which.Reason.Should().Be(RejectionReason.BadSignature);
            events[1].Should().BeOfType<MessageReceived>().Which.Text.Should().Be(text);
        }, iter: 200, threads: 1);
    }

    [Fact]
    public void SignedButTamperedToken_IsRejectedAsTampered()
    {
        var (relay, alice, bob) = TwoMembers();
        var payload = bob.Session.EncryptMessage("hello");
        ChatPayload.TryDecode(payload, out var chat).Should().BeTrue();
        var token = chat!.Token.ToArray();
        token[20] = token[20] == (byte)'A' ? (byte)'B' : (byte)'A';

        // A member can sign anything; the MAC still catches a token not made with the room key.
        relay.Publish("bob", (chat with { Token = token }).Encode("lobby", "bob", bob.Identity));
        relay.DeliverAll();

        alice.Messages.Should().BeEmpty();
        alice.Rejections.Should().ContainSingle().Which.Reason.Should().Be(RejectionReason.Tampered);
    }

    [Fact]
    public void PayloadSignedByAnotherKey_IsRejectedAsBadSignature()
    {
        var (relay, alice, bob) = TwoMembers();
        using var mallory = IdentityKey.Generate();
        var payload = bob.Session.EncryptMessage("forged");
        ChatPayload.TryDecode(payload, out var chat).Should().BeTrue();

        relay.Publish("bob", chat!.Encode("lobby", "bob", mallory));
        relay.DeliverAll();

        alice.Messages.Should().BeEmpty();
        alice.Rejections.Should().ContainSingle().Which.Reason.Should().Be(RejectionReason.BadSignature);
    }

    [Fact]
    public void PayloadMovedToAnotherSenderOrRoom_IsRejectedAsBadSignature()
    {
        var relay = new FakeRelay();
        var alice = relay.Create("alice");
        var bob = relay.Join("bob");
        relay.Join("carol");
        relay.DeliverAll();
        var payload = bob.Session.EncryptMessage("mine");

        alice.Inject(new DeliverFrame("lobby", 0, "carol", payload).Encode());

        alice.Rejections.Should().ContainSingle().Which.Reason.Should().Be(RejectionReason.BadSignature);
    }

    [Fact]
    public void RekeyFromAMemberThatIsNotTheHub_IsRejected_AndTheRoomGoesOn()
    {
        var relay = new FakeRelay();
        var alice = relay.Create("alice");
        var bob = relay.Join("bob");
        var carol = relay.Join("carol");
        relay.DeliverAll();
        using var ephemeral = EphemeralKeyPair.Generate();

        relay.Publish("bob", new RekeyPayload(99, ephemeral.PublicKey, []).Encode("lobby", "bob", bob.Identity));
        relay.DeliverAll();
        alice.Send("still fine");
        relay.DeliverAll();

        foreach (var member in new[] { alice, carol })
        {
            member.Rejections.Should().ContainSingle().Which.Should().Match<MessageRejected>(r => r.Reason == RejectionReason.NotFromHub && r.Sender == "bob");
            member.Session.CurrentEpoch.Should().Be(3);
        }

        carol.Messages.Select(m => m.Text).Should().Equal("still fine");
    }

    [Fact]
    public void StaleRekeyFromTheHub_IsRejectedAsReplay()
    {
        var (relay, alice, bob) = TwoMembers();
        var rekeyToTwo = relay.Delivered.Single();
        relay.Join("carol");
        relay.DeliverAll();

        bob.Inject(rekeyToTwo);

        bob.Rejections.Should().ContainSingle().Which.Reason.Should().Be(RejectionReason.Replay);
        bob.Session.CurrentEpoch.Should().Be(3);
    }

    [Fact]
    public void DeliverFromANonMember_IsRejectedAsUnknownSender()
    {
        var (_, alice, _) = TwoMembers();

        alice.Inject(new DeliverFrame("lobby", 0, "mallory", new byte[80]).Encode());

        alice.Rejections.Should().ContainSingle().Which.Reason.Should().Be(RejectionReason.UnknownSender);
    }

    public static TheoryData<string, byte[]> MalformedBodies() => new()
    {
        { "empty chat", [0x02] },
        { "chat without a token", [0x02, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1] },
        { "chat with a token that is not base64url", [0x02, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1, (byte)'!', (byte)'!', (byte)'!', (byte)'!'] },
        { "truncated rekey", [0x03, 0, 0, 0, 9] },
        { "rekey with trailing bytes", [0x03, 0, 0, 0, 9, .. EphemeralPoint(), 0, 0xff] },
        { "rekey with an empty name", [0x03, 0, 0, 0, 9, .. EphemeralPoint(), 1, 0, 0, 1, 0x41] },
        { "announcement in a Deliver", [0x01, .. EphemeralPoint()] },
        { "unknown kind", [0x7f, 1, 2, 3] },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public void SignedPayloadThatDoesNotDecode_IsRejectedAsMalformed_AndTheRoomGoesOn(string description, byte[] body)
    {
        var (relay, alice, bob) = TwoMembers();

        relay.Publish("alice", Signed(body, "alice", alice.Identity));
        relay.DeliverAll();
        alice.Send("after " + description);
        relay.DeliverAll();

        bob.Rejections.Should().ContainSingle().Which.Reason.Should().Be(RejectionReason.Malformed);
        bob.Messages.Select(m => m.Text).Should().Equal("after " + description);
    }

    [Fact]
    public void PayloadShorterThanASignature_IsRejectedAsMalformed()
    {
        var (_, alice, _) = TwoMembers();

        alice.Inject(new DeliverFrame("lobby", 0, "bob", new byte[] { 0x02, 1, 2 }).Encode());

        alice.Rejections.Should().ContainSingle().Which.Reason.Should().Be(RejectionReason.Malformed);
    }

    [Fact]
    public void RandomSignedPayloads_NeverThrow_AndNeverShowAMessageOrChangeTheKey()
    {
        var (_, alice, bob) = TwoMembers();
        Gen.Byte.Array[0, 300].Select(Gen.Byte[1, 3]).Sample((body, kind) =>
        {
            if (body.Length > 0)
            {
                body[0] = kind;
            }

            var before = bob.Events.Count;
            bob.Inject(new DeliverFrame("lobby", 0, "alice", Signed(body, "alice", alice.Identity)).Encode());
            bob.Session.OnTick();

            var events = bob.Events.Skip(before).ToList();
            events.OfType<MessageReceived>().Should().BeEmpty();
            events.OfType<KeyRotated>().Should().BeEmpty();
        }, iter: 300, threads: 1);

        bob.Session.CurrentEpoch.Should().Be(2);
    }

    internal static byte[] Signed(byte[] body, string sender, IdentityKey identity)
    {
        var payload = new byte[body.Length + 64];
        body.CopyTo(payload, 0);
        PayloadTranscript.Sign(identity, "lobby", sender, payload);
        return payload;
    }

    private static byte[] EphemeralPoint()
    {
        using var key = EphemeralKeyPair.Generate();
        return key.PublicKey.ToArray();
    }
}
