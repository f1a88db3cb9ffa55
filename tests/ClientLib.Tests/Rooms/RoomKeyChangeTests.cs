using FluentAssertions;
using PyChat.Client;
using PyChat.Client.Cryptography;
using PyChat.Client.Internal.Payloads;
using PyChat.Protocol.Frames;

namespace PyChat.ClientLib.Tests.Rooms;

/// <summary>
/// A member whose identity key differs from the one trusted before (an impostor the relay let in under a known
/// name, or a new device): no room key from the hub and no sends from anyone until the user trusts it or it leaves.
/// </summary>
public sealed class RoomKeyChangeTests
{
    [Fact]
    public void Hub_WithholdsTheRoomKey_FromAMemberWhoseKeyChanged_AndHoldsItsOwnSends()
    {
        var (relay, alice, impostor, oldBobKey) = ImpostorJoinsAlicesRoom();
        using var _ = oldBobKey;

        impostor.Session.HasKey.Should().BeFalse("the hub sent it no key");
        var rekey = LastRekeyFrom(relay, "alice");
        rekey.KeyFor("bob").Should().NotBeNull().And.Match<WrappedRoomKey>(k => k.WrappedKey.IsEmpty, "listed, withheld");
        alice.Events.OfType<SendsHeld>().Should().ContainSingle().Which.Member.Should().Be("bob");
        alice.Session.SendsHeldBy.Should().Equal("bob");
        alice.Invoking(a => a.Send("secret")).Should().Throw<InvalidOperationException>().WithMessage("*held*");
        impostor.Messages.Should().BeEmpty();
        impostor.Events.OfType<RosterMismatch>().Should().BeEmpty("a withheld member is listed: the rosters agree");
    }

    [Fact]
    public void AfterTheUserTrustsTheNewKey_TheHubKeysTheMember_AndSendsResume()
    {
        var (relay, alice, impostor, oldBobKey) = ImpostorJoinsAlicesRoom();
        using var _ = oldBobKey;

        alice.KnownPeers.Trust("bob", impostor.Identity.PublicKey);
        alice.Session.OnTrustChanged();
        relay.DeliverAll();
        alice.Send("your choice");
        relay.DeliverAll();

        alice.Events.OfType<SendsResumed>().Should().ContainSingle();
        impostor.Session.HasKey.Should().BeTrue();
        impostor.Messages.Select(m => m.Text).Should().Equal("your choice");
    }

    [Fact]
    public void NonHub_HoldsItsSends_WhileAMemberItKnewUnderAnotherKeyIsPresent_UntilItLeaves()
    {
        using var oldBobKey = IdentityKey.Generate();
        var carolsPeers = new KnownPeersInMemory();
        carolsPeers.Trust("bob", oldBobKey.PublicKey);
        var relay = new FakeRelay();
        var alice = relay.Create("alice");
        var carol = relay.Join(new TestClient(relay, "carol", knownPeers: carolsPeers));
        relay.DeliverAll();
        var bob = relay.Join("bob");
        relay.DeliverAll();

        bob.Session.HasKey.Should().BeTrue("alice never met bob: first seen, keyed as usual");
        carol.Events.OfType<SendsHeld>().Should().ContainSingle().Which.Member.Should().Be("bob");
        carol.Invoking(c => c.Send("not to him")).Should().Throw<InvalidOperationException>();

        relay.Leave("bob");
        relay.DeliverAll();
        carol.Events.OfType<SendsResumed>().Should().ContainSingle();
        carol.Send("he is gone");
        relay.DeliverAll();
        alice.Messages.Select(m => m.Text).Should().Equal("he is gone");
    }

    [Fact]
    public void FirstSeenMember_IsKeyed_AndShownAsNew()
    {
        var relay = new FakeRelay();
        var alice = relay.Create("alice");
        var bob = relay.Join("bob");
        relay.DeliverAll();

        bob.Session.HasKey.Should().BeTrue();
        alice.Events.OfType<PeerFirstSeen>().Should().ContainSingle().Which.Should().Be(
            new PeerFirstSeen("lobby", FakeRelay.Start, "bob", bob.Identity.PublicKey.FingerprintHex));
        bob.Events.OfType<PeerFirstSeen>().Should().ContainSingle().Which.Member.Should().Be("alice");
        alice.Events.OfType<SendsHeld>().Should().BeEmpty();
    }

    [Fact]
    public void KeyTrustedInAnotherRoom_TurnsThisRoomsMemberOfThatName_IntoAChangedKey_WithheldAndHeld()
    {
        // The relay shows alice an impostor "bob" in one room (first seen: keyed); the real bob then turns up
        // in another room, alice verifies him and trusts his key. The impostor must lose the room key.
        var peers = new KnownPeersInMemory();
        var lobby = new FakeRelay("lobby");
        var alice = lobby.Create("alice", knownPeers: peers);
        var impostor = lobby.Join("bob");
        lobby.DeliverAll();
        impostor.Session.HasKey.Should().BeTrue("first seen: keyed as usual");

        var other = new FakeRelay("other");
        var aliceThere = other.Create(new TestClient(other, "alice", knownPeers: peers, identity: alice.Identity));
        var realBob = other.Join("bob");
        other.DeliverAll();
        aliceThere.Events.OfType<PeerKeyChanged>().Should().ContainSingle();
        peers.Trust("bob", realBob.Identity.PublicKey);
        aliceThere.Session.OnTrustChanged();
        alice.Session.OnTrustChanged();

        alice.Events.OfType<SendsHeld>().Should().ContainSingle().Which.Member.Should().Be("bob");
        alice.Invoking(a => a.Send("not to the impostor")).Should().Throw<InvalidOperationException>();
        lobby.Join("carol");
        lobby.DeliverAll();
        LastRekeyFrom(lobby, "alice").KeyFor("bob").Should().Match<WrappedRoomKey>(k => k.WrappedKey.IsEmpty, "withheld from the impostor");
    }

    /// <summary>alice trusts bob's old key; the relay lets an impostor in as bob with another key.</summary>
    private static (FakeRelay, TestClient Alice, TestClient Impostor, IdentityKey OldBobKey) ImpostorJoinsAlicesRoom()
    {
        var oldBobKey = IdentityKey.Generate();
        var peers = new KnownPeersInMemory();
        peers.Trust("bob", oldBobKey.PublicKey);
        var relay = new FakeRelay();
        var alice = relay.Create("alice", knownPeers: peers);
        var impostor = relay.Join("bob");
        relay.DeliverAll();
        return (relay, alice, impostor, oldBobKey);
    }

    private static RekeyPayload LastRekeyFrom(FakeRelay relay, string hub)
    {
        var deliver = relay.Delivered.Select(f => (DeliverFrame)Frame.Decode(f)).Last(d => d.Sender == hub && d.Payload.Span[0] == (byte)PayloadKind.Rekey);
        RekeyPayload.TryDecode(deliver.Payload, out var rekey).Should().BeTrue();
        return rekey!;
    }
}
