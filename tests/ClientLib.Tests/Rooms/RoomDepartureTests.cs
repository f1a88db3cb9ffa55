using FluentAssertions;
using PyChat.Client;

namespace PyChat.ClientLib.Tests.Rooms;

/// <summary>After a member leaves, nothing sent later opens with the key it took with it (docs/PROTOCOL.md §6.2).</summary>
public sealed class RoomDepartureTests
{
    [Fact]
    public void DepartedMember_CannotReadWhatMembersSendBetweenTheLeaveAndTheRekey()
    {
        var (relay, alice, bob, carol) = ThreeMembers();
        var sinceTheLeave = relay.Delivered.Count;

        // carol leaves but keeps her session, and with it the epoch-3 key; the relay (or a network
        // observer working with her) hands her everything the room sends from now on.
        alice.HoldPublishes = true; // the hub's Rekey is slow to arrive
        relay.Leave("carol");
        relay.DeliverAll();

        var sentInTheGap = TrySend(bob, "bob, between the leave and the rekey");
        relay.Publish("alice", alice.Held.Single());
        alice.HoldPublishes = false;
        relay.DeliverAll();
        var sentAfterTheRekey = TrySend(bob, "bob, after the rekey");
        alice.Send("alice, after the rekey");
        relay.DeliverAll();

        sentInTheGap.Should().BeFalse("a member does not send under an epoch the departed member holds");
        sentAfterTheRekey.Should().BeTrue();
        foreach (var frame in relay.Delivered.Skip(sinceTheLeave))
        {
            carol.Inject(frame);
        }

        carol.Messages.Should().BeEmpty();
        alice.Messages.Select(m => (m.Text, m.Epoch)).Should().Equal(("bob, after the rekey", 4u));
        bob.Messages.Select(m => (m.Text, m.Epoch)).Should().Equal(("alice, after the rekey", 4u));
    }

    [Fact]
    public void AfterALeave_AMemberHasNoKeyToSendWith_UntilTheHubsNextEpoch()
    {
        var (relay, alice, bob, _) = ThreeMembers();
        alice.HoldPublishes = true;
        relay.Leave("carol");
        relay.DeliverAll();

        bob.Session.HasKey.Should().BeFalse();
        bob.Session.CurrentEpoch.Should().Be(3, "the epoch-3 key is kept for messages already in flight");
        alice.Session.HasKey.Should().BeFalse("the hub's epoch 4 counts, for the hub too, once the relay has ordered its Rekey (§6.6)");

        relay.Publish("alice", alice.Held.Single());
        relay.DeliverAll();

        bob.Session.HasKey.Should().BeTrue();
        bob.Session.CurrentEpoch.Should().Be(4);
        alice.Session.HasKey.Should().BeTrue();
        alice.Session.CurrentEpoch.Should().Be(4);
    }

    [Fact]
    public void MessageEncryptedBeforeTheLeave_StillOpensForTheOthers()
    {
        var (relay, alice, bob, _) = ThreeMembers();
        var inFlight = bob.Session.EncryptMessage("sent before bob saw the leave");
        relay.Leave("carol");
        relay.DeliverAll();

        relay.Publish("bob", inFlight);
        relay.DeliverAll();

        alice.Messages.Should().ContainSingle().Which.Should().Match<MessageReceived>(m => m.Epoch == 3 && m.Text == "sent before bob saw the leave");
        alice.Rejections.Should().BeEmpty();
    }

    [Fact]
    public void AMemberThatLeavesWithoutTheHubRekeying_LeavesTheOthersUnableToSend()
    {
        // The safe failure: a hub that never rekeys after a leave stops the room rather than
        // letting it go on under a key the departed member holds.
        var (relay, alice, bob, _) = ThreeMembers();
        alice.HoldPublishes = true;
        relay.Leave("carol");
        relay.DeliverAll();

        relay.Advance(TimeSpan.FromMinutes(5));
        bob.Session.OnTick();

        bob.Session.HasKey.Should().BeFalse();
        bob.Invoking(b => b.Session.EncryptMessage("x")).Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void RekeyTheHubMadeBeforeALeave_ArrivingAfterIt_IsForReceivingOnly_UntilTheNextRekey()
    {
        var (relay, alice, bob, carol) = ThreeMembers();

        // The hub's age rekey (epoch 4, with a key for carol) is on its way when carol leaves; the relay
        // orders it after her MemberLeft. Then the hub's rekey for the leave (epoch 5, without carol).
        alice.HoldPublishes = true;
        relay.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        alice.Send("rotates first");
        relay.Leave("carol");
        relay.DeliverAll();
        alice.Held.Should().HaveCount(2);
        relay.Publish("alice", alice.Held[0]);
        relay.DeliverTo("bob");

        bob.Session.CurrentEpoch.Should().Be(4);
        bob.Session.HasKey.Should().BeFalse("carol holds the epoch-4 key: bob must not send with it");

        relay.Publish("alice", alice.Held[1]);
        alice.HoldPublishes = false;
        relay.DeliverAll();
        bob.Session.CurrentEpoch.Should().Be(5);
        bob.Session.HasKey.Should().BeTrue();
        bob.Send("only for alice");
        relay.DeliverAll();
        alice.Messages.Should().ContainSingle(m => m.Text == "only for alice").Which.Epoch.Should().Be(5);
        carol.Session.CurrentEpoch.Should().BeLessThan(5);
    }

    internal static (FakeRelay Relay, TestClient Alice, TestClient Bob, TestClient Carol) ThreeMembers()
    {
        var relay = new FakeRelay();
        var alice = relay.Create("alice");
        var bob = relay.Join("bob");
        var carol = relay.Join("carol");
        relay.DeliverAll();
        alice.Session.CurrentEpoch.Should().Be(3);
        return (relay, alice, bob, carol);
    }

    /// <summary>Sends if the session has a key to send with, as <see cref="ChatRoom.SendAsync"/> would (it waits otherwise).</summary>
    private static bool TrySend(TestClient member, string text)
    {
        if (!member.Session.HasKey)
        {
            return false;
        }

        member.Send(text);
        return true;
    }
}
