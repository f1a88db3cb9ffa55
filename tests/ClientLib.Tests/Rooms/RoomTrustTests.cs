using FluentAssertions;
using PyChat.Client;
using PyChat.Client.Cryptography;

namespace PyChat.ClientLib.Tests.Rooms;

public sealed class RoomTrustTests
{
    [Fact]
    public void MemberNeverSeenBefore_IsFirstSeen_AndRemembered()
    {
        var peers = new KnownPeersInMemory();
        var relay = new FakeRelay();
        var alice = relay.Create("alice", knownPeers: peers);
        var bob = relay.Join("bob");
        relay.DeliverAll();
        bob.Send("hi");
        relay.DeliverAll();

        alice.Messages.Single().SenderTrust.Should().Be(PeerTrust.FirstSeen);
        peers.TryGetFingerprint("bob", out var remembered).Should().BeTrue();
        remembered.Should().Be(bob.Identity.PublicKey.FingerprintHex);
        alice.Events.OfType<MemberJoined>().Single().Fingerprint.Should().Be(remembered);
    }

    [Fact]
    public void MemberWithTheRememberedKey_IsTrusted()
    {
        var peers = new KnownPeersInMemory();
        using var bobKey = IdentityKey.Generate();
        peers.Trust("bob", bobKey.PublicKey);
        var relay = new FakeRelay();
        var alice = relay.Create("alice", knownPeers: peers);
        var bob = relay.Join(new TestClient(relay, "bob", identity: bobKey));
        relay.DeliverAll();
        bob.Send("hi");
        relay.DeliverAll();

        alice.Messages.Single().SenderTrust.Should().Be(PeerTrust.Trusted);
        alice.Events.OfType<PeerKeyChanged>().Should().BeEmpty();
    }

    [Fact]
    public void MemberWithADifferentKey_RaisesPeerKeyChanged_AndItsMessagesAreChangedUntilTrusted()
    {
        // carol remembers another key for bob; alice, the hub, never met him and keys him (her choice).
        var peers = new KnownPeersInMemory();
        using var oldKey = IdentityKey.Generate();
        peers.Trust("bob", oldKey.PublicKey);
        var relay = new FakeRelay();
        relay.Create("alice");
        var carol = relay.Join(new TestClient(relay, "carol", knownPeers: peers));
        relay.DeliverAll();
        var bob = relay.Join("bob");
        relay.DeliverAll();

        carol.Events.OfType<PeerKeyChanged>().Should().ContainSingle().Which.Should().Be(
            new PeerKeyChanged("lobby", FakeRelay.Start, "bob", oldKey.PublicKey.FingerprintHex, bob.Identity.PublicKey.FingerprintHex));
        bob.Send("it's really me");
        relay.DeliverAll();
        carol.Messages.Last().SenderTrust.Should().Be(PeerTrust.Changed, "the message is shown, marked");
        peers.TryGetFingerprint("bob", out var kept).Should().BeTrue();
        kept.Should().Be(oldKey.PublicKey.FingerprintHex, "a changed key is never remembered silently");

        peers.Trust("bob", bob.Identity.PublicKey);
        bob.Send("thanks");
        relay.DeliverAll();
        carol.Messages.Last().SenderTrust.Should().Be(PeerTrust.Trusted);
        carol.Session.SendsHeldBy.Should().BeEmpty("trusting the key ends the hold too");
    }
}
