using FluentAssertions;
using PyChat.Client;
using PyChat.Client.Cryptography;
using PyChat.Client.Internal;
using PyChat.Client.Internal.Payloads;
using PyChat.Protocol.Frames;
using static PyChat.ClientLib.Tests.Rooms.RoomConversationTests;

namespace PyChat.ClientLib.Tests.Rooms;

public sealed class RoomEpochTests
{
    [Fact]
    public void MessageInFlightUnderThePreviousEpoch_OpensWithinTheGracePeriod()
    {
        var (relay, alice, bob) = TwoMembers();
        var inFlight = bob.Session.EncryptMessage("sent under epoch 2");
        relay.Join("carol");
        relay.DeliverAll();
        alice.Session.CurrentEpoch.Should().Be(3);

        relay.Advance(TimeSpan.FromSeconds(29));
        relay.Publish("bob", inFlight);
        relay.DeliverTo("alice");

        alice.Messages.Should().ContainSingle().Which.Should().Match<MessageReceived>(m => m.Epoch == 2 && m.Text == "sent under epoch 2");
    }

    [Fact]
    public void MessageUnderThePreviousEpoch_IsRejectedAfterTheGracePeriod()
    {
        var (relay, alice, bob) = TwoMembers();
        var late = bob.Session.EncryptMessage("too late");
        relay.Join("carol");
        relay.DeliverAll();

        relay.Advance(TimeSpan.FromSeconds(31));
        alice.Session.OnTick();
        relay.Publish("bob", late);
        relay.DeliverTo("alice");

        alice.Messages.Should().BeEmpty();
        alice.Rejections.Should().ContainSingle().Which.Reason.Should().Be(RejectionReason.UnknownEpoch);
    }

    [Fact]
    public void GracePeriodEnds_EvenWithoutATick()
    {
        var (relay, alice, bob) = TwoMembers();
        var late = bob.Session.EncryptMessage("too late");
        relay.Join("carol");
        relay.DeliverAll();

        relay.Advance(TimeSpan.FromSeconds(30));
        relay.Publish("bob", late);
        relay.DeliverTo("alice");

        alice.Rejections.Should().ContainSingle().Which.Reason.Should().Be(RejectionReason.UnknownEpoch);
    }

    [Fact]
    public void MessageOfAFutureEpoch_IsHeldUntilItsRekeyArrives()
    {
        var (relay, alice, bob) = TwoMembers();
        var carol = relay.Join("carol");
        relay.DeliverTo("alice"); // alice sees carol, rekeys to 3
        relay.DeliverTo("carol");
        carol.Send("epoch 3 already");
        alice.Send("me too");

        // bob's inbox: MemberJoined(carol), Rekey(3), carol's chat, alice's chat — deliver the chats first.
        var inbox = bob.Inbox.ToList();
        bob.Inbox.Clear();
        bob.Inject(inbox[0]);
        bob.Inject(inbox[2]);
        bob.Inject(inbox[3]);
        bob.Messages.Should().BeEmpty();
        bob.Rejections.Should().BeEmpty();

        relay.Advance(TimeSpan.FromSeconds(4));
        bob.Session.OnTick();
        bob.Inject(inbox[1]);

        bob.Messages.Select(m => m.Text).Should().Equal("epoch 3 already", "me too");
        bob.Rejections.Should().BeEmpty();
    }

    [Fact]
    public void MessageOfAFutureEpoch_IsRejectedWhenItsKeyNeverComes()
    {
        var (relay, alice, bob) = TwoMembers();
        relay.Join("carol");
        relay.DeliverTo("alice");
        alice.Send("epoch 3");
        var inbox = bob.Inbox.ToList();
        bob.Inbox.Clear();
        bob.Inject(inbox[0]);
        bob.Inject(inbox[2]);

        relay.Advance(TimeSpan.FromSeconds(4.9));
        bob.Session.OnTick();
        bob.Rejections.Should().BeEmpty();
        relay.Advance(TimeSpan.FromSeconds(0.1));
        bob.Session.OnTick();

        bob.Messages.Should().BeEmpty();
        bob.Rejections.Should().ContainSingle().Which.Reason.Should().Be(RejectionReason.KeyNotReceived);
    }

    [Fact]
    public void HeldMessages_AreBounded()
    {
        var options = RoomSessionOptions.Default with { PendingMessageLimit = 3 };
        var (relay, alice, bob) = TwoMembers(options);
        relay.Join("carol");
        relay.DeliverTo("alice");
        for (var i = 0; i < 5; i++)
        {
            alice.Send($"m{i}");
        }

        var inbox = bob.Inbox.ToList();
        bob.Inbox.Clear();
        bob.Inject(inbox[0]);
        foreach (var chat in inbox.Skip(2))
        {
            bob.Inject(chat);
        }

        bob.Rejections.Should().HaveCount(2).And.OnlyContain(r => r.Reason == RejectionReason.KeyNotReceived);
        bob.Inject(inbox[1]);
        bob.Messages.Select(m => m.Text).Should().Equal("m0", "m1", "m2");
    }

    [Fact]
    public void Hub_RekeysAfterTheConfiguredNumberOfMessages()
    {
        var options = RoomSessionOptions.Default with { RekeyAfterMessages = 3 };
        var (relay, alice, bob) = TwoMembers(options);
        bob.Send("1");
        bob.Send("2");
        relay.DeliverAll();
        alice.Session.CurrentEpoch.Should().Be(2);

        bob.Send("3");
        relay.DeliverAll();
        alice.Session.CurrentEpoch.Should().Be(3);
        bob.Session.CurrentEpoch.Should().Be(3);

        alice.Send("4");
        alice.Send("5");
        alice.Send("6");
        alice.Send("7"); // the hub's Rekey goes out before a fourth message in epoch 3, which counts once it is ordered (§6.6)
        relay.DeliverAll();
        alice.Send("8");
        relay.DeliverAll();
        bob.Messages.Select(m => (m.Text, m.Epoch)).Should().Equal(("4", 3u), ("5", 3u), ("6", 3u), ("7", 3u), ("8", 4u));
        bob.Rejections.Should().BeEmpty();
    }

    [Fact]
    public void Hub_RekeysWhenTheEpochIsOld()
    {
        var options = RoomSessionOptions.Default with { RekeyAfterAge = TimeSpan.FromMinutes(10) };
        var (relay, alice, bob) = TwoMembers(options);

        relay.Advance(TimeSpan.FromMinutes(9));
        alice.Session.OnTick();
        relay.DeliverAll();
        bob.Session.CurrentEpoch.Should().Be(2);

        relay.Advance(TimeSpan.FromMinutes(1));
        alice.Session.OnTick();
        relay.DeliverAll();
        bob.Session.CurrentEpoch.Should().Be(3);
        bob.Events.OfType<KeyRotated>().Last().Hub.Should().Be("alice");
    }

    [Fact]
    public void NonHub_NeverRekeys()
    {
        var options = RoomSessionOptions.Default with { RekeyAfterAge = TimeSpan.FromMinutes(1), RekeyAfterMessages = 1 };
        var (relay, _, bob) = TwoMembers(options);
        bob.HoldPublishes = true;

        bob.Send("x");
        relay.Advance(TimeSpan.FromHours(2));
        bob.Session.OnTick();

        bob.Held.Should().BeEmpty();
    }

    [Fact]
    public void MessageOlderThanTheTimeToLive_IsRejectedAsExpired()
    {
        var (relay, alice, bob) = TwoMembers(RoomSessionOptions.Default with { EpochGracePeriod = TimeSpan.FromHours(1) });
        bob.Send("old news");

        relay.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        relay.DeliverAll();

        alice.Rejections.Should().ContainSingle().Which.Reason.Should().Be(RejectionReason.Expired);
    }

    [Fact]
    public void MessageFromASenderClockTooFarAhead_IsRejectedAsFromTheFuture()
    {
        var (relay, alice, bob) = TwoMembers();
        bob.Clock.Advance(TimeSpan.FromSeconds(60));
        bob.Send("within skew");
        bob.Clock.Advance(TimeSpan.FromSeconds(1));
        bob.Send("from tomorrow");
        relay.DeliverAll();

        alice.Rejections.Should().ContainSingle().Which.Reason.Should().Be(RejectionReason.FromTheFuture);
        alice.Messages.Select(m => m.Text).Should().Equal("within skew");
    }

    [Fact]
    public void ReplayOfAMembersPreviousStay_IsRejected_EvenWithinTheGracePeriod()
    {
        var (relay, alice, bob) = TwoMembers();
        bob.Send("first stay, sequence 1");
        bob.Send("first stay, sequence 2");
        relay.DeliverAll();
        var firstStay = relay.Delivered.TakeLast(2).ToList();

        relay.Leave("bob");
        relay.Join(new TestClient(relay, "bob", identity: bob.Identity));
        relay.DeliverAll();
        foreach (var frame in firstStay)
        {
            alice.Inject(frame); // the relay replays bob's earlier messages; their epoch key is still in grace
        }

        alice.Messages.Should().HaveCount(2);
        alice.Rejections.Should().HaveCount(2).And.OnlyContain(r => r.Reason == RejectionReason.Replay);
    }

    [Fact]
    public void ReceiverWithoutAnEntryInARekey_ReportsMessagesOfThatEpochAsKeyNotReceived()
    {
        var (relay, alice, bob) = TwoMembers();
        alice.HoldPublishes = true;
        relay.Join("carol");
        relay.DeliverAll();
        alice.HoldPublishes = false;
        var rekey = Frame.Decode(new DeliverFrame("lobby", 0, "alice", alice.Held.Single()).Encode());

        // The same Rekey shown to a member it was not made for.
        var dave = new TestClient(relay, "dave");
        relay.Join(dave);
        relay.DeliverTo("dave");
        dave.Session.OnDeliver((DeliverFrame)rekey);

        dave.Session.HasKey.Should().BeFalse();
        dave.Rejections.Should().BeEmpty("a joiner the hub had not seen yet is keyed by the next Rekey");
    }

    [Fact]
    public void RekeyThatSkipsEpochs_IsRejectedAsMalformed_AndTheNextHonestRekeyIsTaken()
    {
        var (relay, alice, bob) = TwoMembers();

        relay.Publish("alice", ForgedRekey(alice, bob, RoomSession.LastEpoch));
        relay.DeliverAll();

        bob.Rejections.Should().ContainSingle().Which.Reason.Should().Be(RejectionReason.Malformed);
        bob.Session.CurrentEpoch.Should().Be(2);

        relay.Join("carol");
        relay.DeliverAll();
        bob.Session.CurrentEpoch.Should().Be(3, "a jump must not freeze rekeying");
    }

    [Fact]
    public void EpochSeenWithoutAnEntry_CountsTowardsTheNextOne()
    {
        var (relay, alice, bob) = TwoMembers();
        alice.HoldPublishes = true;
        relay.Join("carol");
        relay.DeliverAll();
        var rekeyToThree = alice.Held.Single();
        alice.HoldPublishes = false;

        // dave joins just after: the Rekey to 3 has no entry for him, but it still sets where he counts from.
        var dave = relay.Join("dave");
        relay.DeliverTo("dave");
        relay.Publish("alice", rekeyToThree);
        relay.DeliverAll();

        dave.Session.CurrentEpoch.Should().Be(4);
        dave.Rejections.Should().BeEmpty();
        bob.Session.CurrentEpoch.Should().Be(4);
    }

    [Fact]
    public void HubOutOfEpochs_SaysSo_InsteadOfSilentlyKeepingTheOldKey()
    {
        var relay = new FakeRelay();
        var alice = relay.Create("alice");
        alice.HoldPublishes = true;
        var bob = relay.Join("bob");
        relay.DeliverAll();

        // A joiner that has seen no Rekey takes the first one at its epoch: here, the last there is.
        relay.Publish("alice", ForgedRekey(alice, bob, RoomSession.LastEpoch));
        relay.DeliverAll();
        bob.Session.CurrentEpoch.Should().Be(RoomSession.LastEpoch);

        relay.Leave("alice");
        relay.DeliverAll();

        bob.Session.IsExhausted.Should().BeTrue();
        bob.Events.OfType<EpochsExhausted>().Should().ContainSingle().Which.LastEpoch.Should().Be(RoomSession.LastEpoch);
    }

    /// <summary>A Rekey signed by <paramref name="hub"/> that carries a real key for <paramref name="member"/> at any epoch.</summary>
    private static byte[] ForgedRekey(TestClient hub, TestClient member, uint epoch)
    {
        Announcement.TryDecode(member.Entry!.Announcement, out var announcement).Should().BeTrue();
        using var hubEphemeral = EphemeralKeyPair.Generate();
        using var roomKey = FernetKey.Generate();
        var context = new RoomKeyWrapContext("lobby", epoch, hub.Identity.PublicKey, member.Identity.PublicKey);
        var wrapped = RoomKeyWrap.Wrap(roomKey, hubEphemeral, announcement!.EphemeralPublicKey.Span, context, hub.Clock.GetUtcNow());
        return new RekeyPayload(epoch, hubEphemeral.PublicKey, [new WrappedRoomKey(member.Name, wrapped)]).Encode("lobby", hub.Name, hub.Identity);
    }
}
