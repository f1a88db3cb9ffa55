using FluentAssertions;
using PyChat.Client;
using PyChat.Client.Cryptography;
using PyChat.Client.Internal.Payloads;
using PyChat.Protocol;
using PyChat.Protocol.Frames;

namespace PyChat.ClientLib.Tests.Rooms;

/// <summary>
/// No member is delivered a chat it cannot read (docs/PROTOCOL.md §6.5): a chat ordered after a join under an epoch that
/// does not key the joiner is sent again, same sequence and text, under one that does; the others drop the re-send.
/// </summary>
public sealed class RoomResendTests
{
    [Fact]
    public void ChatEncryptedBeforeAJoin_OrderedAfterIt_ReachesTheJoinerOnce_ThroughItsResend()
    {
        // The issue: alice encrypts in the second bob joins; the relay orders her Publish after his MemberJoined.
        var relay = new FakeRelay();
        var alice = relay.Create("alice");
        var carol = relay.Join("carol");
        relay.DeliverAll();
        var inFlight = alice.Session.EncryptMessage("sent the second bob joined");
        var bob = relay.Join("bob");
        relay.Publish("alice", inFlight);
        relay.DeliverAll();

        var chats = ChatsFrom(relay, "alice");
        chats.Should().HaveCount(2);
        chats[0].Epoch.Should().Be(2, "encrypted before alice saw bob join");
        chats[1].Should().Match<ChatPayload>(c => c.Epoch == 3 && c.Sequence == chats[0].Sequence, "the re-send: same sequence, the epoch made for bob");
        bob.Messages.Should().ContainSingle().Which.Should().Match<MessageReceived>(m => m.Text == "sent the second bob joined" && m.Epoch == 3);
        carol.Messages.Should().ContainSingle().Which.Should().Match<MessageReceived>(m => m.Text == "sent the second bob joined" && m.Epoch == 2);
        bob.Rejections.Should().BeEmpty();
        carol.Rejections.Should().BeEmpty();
        relay.Members.Should().OnlyContain(m => !m.Events.OfType<MessagesMissing>().Any());
    }

    [Fact]
    public void ChatsInFlightAcrossTwoJoins_EachMemberShowsEachOnce_WithoutARejection()
    {
        var relay = new FakeRelay();
        var alice = relay.Create("alice");
        var carol = relay.Join("carol");
        relay.DeliverAll();
        var first = carol.Session.EncryptMessage("first");
        var second = carol.Session.EncryptMessage("second");
        var fromTheHub = alice.Session.EncryptMessage("from the hub");
        var bob = relay.Join("bob");
        relay.Publish("carol", first);
        relay.Publish("alice", fromTheHub);
        var dave = relay.Join("dave");
        relay.Publish("carol", second);
        relay.DeliverAll();

        foreach (var member in new[] { alice, bob, dave })
        {
            member.Messages.Where(m => m.Sender == "carol").Select(m => m.Text).Should().BeEquivalentTo(["first", "second"], because: member.Name);
        }

        foreach (var member in new[] { carol, bob, dave })
        {
            member.Messages.Where(m => m.Sender == "alice").Select(m => m.Text).Should().Equal(["from the hub"], because: member.Name);
        }

        relay.Members.Should().OnlyContain(m => !m.Rejections.Any());
        relay.Members.Should().OnlyContain(m => !m.Events.OfType<MessagesMissing>().Any());
        relay.Members.Should().OnlyContain(m => m.Session.CurrentEpoch == 4);
    }

    [Fact]
    public void ChatSentUnderARekeyMadeBeforeAJoin_IsResentUnderTheHubsNextRekey_WhichKeysTheJoiner()
    {
        // The hub's age rekey (epoch 3, made for alice and carol) is in flight when bob joins and is ordered after
        // his join; carol, who already saw bob join, sends under it before the hub's Rekey for bob arrives.
        var relay = new FakeRelay();
        var alice = relay.Create("alice");
        var carol = relay.Join("carol");
        relay.DeliverAll();
        alice.HoldPublishes = true;
        relay.Advance(RoomSessionOptions.Default.RekeyAfterAge + TimeSpan.FromSeconds(1));
        alice.Session.OnTick();
        var ageRekey = alice.Held.Single();
        alice.HoldPublishes = false;
        var bob = relay.Join("bob");
        relay.Publish("alice", ageRekey);
        relay.DeliverTo("carol");
        carol.Session.CurrentEpoch.Should().Be(3);
        carol.Send("under the rekey that raced bob's join");
        relay.DeliverAll();

        bob.Session.HasKey.Should().BeTrue("the hub's next Rekey, made when it saw bob join, keys him");
        bob.Session.CurrentEpoch.Should().Be(4);
        var chats = ChatsFrom(relay, "carol");
        chats.Select(c => c.Epoch).Should().Equal(3u, 4u);
        bob.Messages.Should().ContainSingle().Which.Text.Should().Be("under the rekey that raced bob's join");
        alice.Messages.Should().ContainSingle().Which.Text.Should().Be("under the rekey that raced bob's join");
        relay.Members.Should().OnlyContain(m => !m.Rejections.Any());
    }

    [Fact]
    public void ChatOrderedBeforeAJoin_IsNotResent_AndTheJoinerNeverSeesIt()
    {
        var relay = new FakeRelay();
        var alice = relay.Create("alice");
        var carol = relay.Join("carol");
        relay.DeliverAll();
        alice.Send("before bob");
        var bob = relay.Join("bob");
        relay.DeliverAll();

        ChatsFrom(relay, "alice").Should().ContainSingle("a chat ordered before a join is not the joiner's to read");
        bob.Messages.Should().BeEmpty();
        bob.Rejections.Should().BeEmpty();
        carol.Messages.Should().ContainSingle();
    }

    [Fact]
    public void ResendWithAnotherTextUnderAShownSequence_IsRejectedAsReplay()
    {
        var relay = new FakeRelay();
        var alice = relay.Create("alice");
        var carol = relay.Join("carol");
        relay.DeliverAll();
        var inFlight = alice.Session.EncryptMessage("the real text");
        var bob = relay.Join("bob");
        relay.Publish("alice", inFlight);
        relay.DeliverAll();
        var resend = relay.Delivered[^1];

        // A "re-send" of sequence 1 under the current epoch, signed by alice, with another text: alice's next chat
        // with its sequence rewritten and signed again (what a buggy or hostile client of alice's could publish).
        ChatPayload.TryDecode(alice.Session.EncryptMessage("another text"), out var other).Should().BeTrue();
        var forged = new ChatPayload(other!.Epoch, 1, other.Token).Encode("lobby", "alice", alice.Identity);
        foreach (var member in new[] { carol, bob })
        {
            member.Inject(new DeliverFrame("lobby", 0, "alice", forged).Encode());
            member.Inject(resend); // the genuine re-send, replayed
        }

        foreach (var member in new[] { carol, bob })
        {
            member.Messages.Select(m => m.Text).Should().Equal(["the real text"], because: member.Name);
            member.Rejections.Should().HaveCount(2).And.OnlyContain(r => r.Reason == RejectionReason.Replay, member.Name);
        }
    }

    [Fact]
    public void DepartedMember_CannotReadAResend()
    {
        // carol's chat raced dave's join; bob leaves before carol's re-send: it goes under the epoch made after his leave.
        var (relay, alice, bob, carol) = RoomDepartureTests.ThreeMembers();
        var inFlight = carol.Session.EncryptMessage("not for bob after he left");
        var dave = relay.Join("dave");
        relay.Publish("carol", inFlight);
        relay.Leave("bob");
        var sinceTheLeave = relay.Delivered.Count;
        relay.DeliverAll();

        var resends = ChatsFrom(relay, "carol");
        resends.Should().HaveCount(2);
        resends[1].Epoch.Should().Be(5, "epoch 4 was made before the hub saw bob leave and keys him: for receiving only");
        dave.Messages.Should().ContainSingle().Which.Text.Should().Be("not for bob after he left");
        alice.Messages.Should().ContainSingle();
        relay.Members.Should().OnlyContain(m => !m.Rejections.Any());

        foreach (var frame in relay.Delivered.Skip(sinceTheLeave))
        {
            bob.Inject(frame); // a colluding relay hands the departed member everything after its leave
        }

        relay.Advance(TimeSpan.FromMinutes(10));
        bob.Session.OnTick();
        bob.Messages.Should().BeEmpty();
    }

    [Fact]
    public void ResendThatNeverComes_IsReported_OnceTheMessageWouldHaveExpired()
    {
        var relay = new FakeRelay();
        var alice = relay.Create("alice");
        var carol = relay.Join("carol");
        relay.DeliverAll();
        var inFlight = carol.Session.EncryptMessage("its re-send is lost");
        var bob = relay.Join("bob");
        relay.Publish("carol", inFlight);
        carol.HoldPublishes = true; // the relay drops carol's re-send
        relay.DeliverAll();

        carol.Held.Should().ContainSingle();
        bob.Messages.Should().BeEmpty();
        bob.Rejections.Should().BeEmpty("bob waits for the re-send");
        relay.Advance(RoomSessionOptions.Default.MessageTimeToLive + RoomSessionOptions.Default.MaxClockSkew);
        bob.Session.OnTick();

        bob.Rejections.Should().ContainSingle().Which.Should().Match<MessageRejected>(r => r.Sender == "carol" && r.Reason == RejectionReason.KeyNotReceived);
        alice.Messages.Should().ContainSingle();
    }

    [Fact]
    public void ResendWaitsForAKeyTheJoinerHolds()
    {
        // carol learns where her chat was ordered before the hub's Rekey for bob arrives: she re-sends once it does.
        var relay = new FakeRelay();
        var alice = relay.Create("alice");
        var carol = relay.Join("carol");
        relay.DeliverAll();
        var inFlight = carol.Session.EncryptMessage("waits for epoch 3");
        var bob = relay.Join("bob");
        relay.Publish("carol", inFlight);
        relay.DeliverTo("carol");
        ChatsFrom(relay, "carol").Should().ContainSingle("carol holds no key bob holds yet");

        relay.DeliverAll();

        ChatsFrom(relay, "carol").Select(c => c.Epoch).Should().Equal(2u, 3u);
        bob.Messages.Should().ContainSingle().Which.Text.Should().Be("waits for epoch 3");
        alice.Messages.Should().ContainSingle();
        relay.Members.Should().OnlyContain(m => !m.Rejections.Any());
    }

    [Fact]
    public void MemberTheHubWithholdsKeysFrom_IsSentNothingAgain_EvenOnceTrusted()
    {
        // bob's identity key changed since alice last trusted it: alice, the hub, lists him withheld (§6.4).
        var peers = new KnownPeersInMemory();
        using var bobsOldKey = IdentityKey.Generate();
        peers.Trust("bob", bobsOldKey.PublicKey);
        var relay = new FakeRelay();
        var alice = relay.Create("alice", knownPeers: peers);
        var carol = relay.Join("carol");
        relay.DeliverAll();
        var inFlight = carol.Session.EncryptMessage("raced bob's join");
        var bob = relay.Join("bob");
        relay.Publish("carol", inFlight);
        relay.DeliverAll();
        carol.Send("while bob is withheld");
        relay.DeliverAll();

        peers.Trust("bob", bob.Identity.PublicKey);
        alice.Session.OnTrustChanged();
        relay.DeliverAll();
        relay.Advance(RoomSessionOptions.Default.PendingMessageTimeout);
        bob.Session.OnTick();

        bob.Session.HasKey.Should().BeTrue("alice keys bob once his key is trusted");
        ChatsFrom(relay, "carol").Should().HaveCount(2, "nothing is sent again to a member the hub withheld keys from");
        bob.Messages.Should().BeEmpty();
        bob.Rejections.Should().HaveCount(2).And.OnlyContain(r => r.Sender == "carol" && r.Reason == RejectionReason.KeyNotReceived);
        alice.Messages.Select(m => m.Text).Should().Equal("raced bob's join", "while bob is withheld");
    }

    [Fact]
    public void RekeyKeyingANameThatLeftAndCameBack_MadeBeforeTheHubSawTheLeave_IsForReceivingOnly()
    {
        // The hub's age rekey (epoch 4, with a key for bob's first stay) is in flight while bob leaves and joins again.
        var (relay, alice, bob, carol) = RoomDepartureTests.ThreeMembers();
        alice.HoldPublishes = true;
        relay.Advance(RoomSessionOptions.Default.RekeyAfterAge + TimeSpan.FromSeconds(1));
        alice.Session.OnTick();
        var ageRekey = alice.Held.Single();
        alice.HoldPublishes = false;
        relay.Leave("bob");
        var bobAgain = relay.Join(new TestClient(relay, "bob", identity: bob.Identity)); // the same user, a new session
        relay.Publish("alice", ageRekey);
        var sinceTheLeave = relay.Delivered.Count;
        relay.DeliverTo("carol");

        carol.Session.CurrentEpoch.Should().Be(4);
        carol.Session.HasKey.Should().BeFalse("the entry for bob in epoch 4 is his departed stay's");

        relay.DeliverAll();
        carol.Session.HasKey.Should().BeTrue();
        carol.Send("for bob's second stay");
        relay.DeliverAll();

        bobAgain.Messages.Should().ContainSingle().Which.Text.Should().Be("for bob's second stay");
        foreach (var frame in relay.Delivered.Skip(sinceTheLeave))
        {
            bob.Inject(frame); // the first stay's session, handed what came after its leave
        }

        bob.Messages.Should().BeEmpty();

        // bob's new session cannot open the entry epoch 4 has for his name (it was wrapped for his first stay's member
        // key): before its first key that is the previous stay's entry, noted without a report (PROTOCOL §6.2 step 7).
        // Nothing is reported anywhere.
        relay.Members.Should().OnlyContain(m => !m.Rejections.Any());
    }

    [Fact]
    public void OwnDeliverReplayedOnResume_StandsForALostAcknowledgement()
    {
        var relay = new FakeRelay();
        var alice = relay.Create("alice");
        var carol = relay.Join("carol");
        relay.DeliverAll();
        var inFlight = carol.Session.EncryptMessage("acknowledged by the replay");
        var bob = relay.Join("bob");
        relay.Publish("carol", inFlight);
        var ownDeliver = relay.Delivered[^1];
        DropAcknowledgements(carol); // carol's connection dropped before the Published came
        relay.DeliverAll();
        ChatsFrom(relay, "carol").Should().ContainSingle();
        var events = carol.Events.Count;

        carol.Inject(ownDeliver); // the relay's replay on resume includes carol's own Deliver
        relay.DeliverAll();

        carol.Events.Should().HaveCount(events, "an own Deliver raises nothing");
        ChatsFrom(relay, "carol").Should().HaveCount(2);
        bob.Messages.Should().ContainSingle().Which.Text.Should().Be("acknowledged by the replay");
        relay.Members.Should().OnlyContain(m => !m.Rejections.Any());
    }

    [Fact]
    public void OwnDeliver_RaisesNothing()
    {
        var (relay, alice, _) = RoomConversationTests.TwoMembers();
        alice.Send("mine");
        relay.DeliverAll();
        var events = alice.Events.Count;

        alice.Inject(relay.Delivered[^1]);
        alice.Inject(new DeliverFrame("lobby", 0, "alice", new byte[80]).Encode()); // not even a payload of hers

        alice.Events.Should().HaveCount(events);
        alice.Session.LastOffset.Should().BeGreaterThan(0);
    }

    private static List<ChatPayload> ChatsFrom(FakeRelay relay, string sender) =>
        [.. relay.Delivered.Select(f => (DeliverFrame)Frame.Decode(f))
            .Where(d => d.Sender == sender && d.Payload.Span[0] == (byte)PayloadKind.Chat)
            .Select(d => ChatPayload.TryDecode(d.Payload, out var chat) ? chat : throw new InvalidOperationException("chat does not decode"))];

    private static void DropAcknowledgements(TestClient member)
    {
        var kept = member.Inbox.Where(f => f[0] != (byte)FrameType.Published).ToList();
        member.Inbox.Clear();
        foreach (var frame in kept)
        {
            member.Inbox.Enqueue(frame);
        }
    }
}
