using FluentAssertions;
using PyChat.Client;
using PyChat.Protocol.Frames;

namespace PyChat.ClientLib.Tests.Rooms;

public sealed class RoomConversationTests
{
    [Fact]
    public void Creator_MakesEpochOneItself_AndIsHub()
    {
        var relay = new FakeRelay();
        var alice = relay.Create("alice");
        relay.DeliverAll();

        alice.Session.IsHub.Should().BeTrue();
        alice.Session.HasKey.Should().BeTrue();
        alice.Session.CurrentEpoch.Should().Be(1);
        alice.Events.Should().ContainSingle().Which.Should().BeOfType<KeyRotated>().Which.Epoch.Should().Be(1);
        relay.Delivered.Should().BeEmpty("there is no one to send epoch 1 to");
    }

    [Fact]
    public void TenMembers_AllReceiveEveryMessage_ExactlyOnce()
    {
        var relay = new FakeRelay();
        var names = Enumerable.Range(0, 10).Select(i => $"member{i}").ToArray();
        relay.Create(names[0]);
        foreach (var name in names.Skip(1))
        {
            relay.Join(name);
            relay.DeliverAll();
        }

        foreach (var sender in relay.Members)
        {
            sender.Send($"hello from {sender.Name}");
            sender.Send($"second from {sender.Name}");
        }

        relay.DeliverAll();

        foreach (var member in relay.Members)
        {
            var expected = names.Where(n => n != member.Name).SelectMany(n => new[] { $"hello from {n}", $"second from {n}" });
            member.Messages.Select(m => m.Text).Should().BeEquivalentTo(expected);
            member.Rejections.Should().BeEmpty();
            member.Session.Members.Select(p => p.Name).Should().Equal(names);
            member.Session.CurrentEpoch.Should().Be(10, "every join started a new epoch");
        }
    }

    [Fact]
    public void MessagesFromOneSender_ArriveInTheOrderSent_WithIncreasingSequenceAndSenderTime()
    {
        var (relay, alice, bob) = TwoMembers();
        for (var i = 0; i < 5; i++)
        {
            bob.Send($"m{i}");
        }

        relay.DeliverAll();

        alice.Messages.Select(m => m.Text).Should().Equal("m0", "m1", "m2", "m3", "m4");
        alice.Messages.Should().AllSatisfy(m =>
        {
            m.Sender.Should().Be("bob");
            m.SentAt.Should().Be(FakeRelay.Start);
            m.Epoch.Should().Be(2);
            m.Room.Should().Be("lobby");
        });
    }

    [Fact]
    public void Joiner_GetsAKey_AndCannotReadAnythingSentBeforeItJoined()
    {
        var (relay, alice, bob) = TwoMembers();
        alice.Send("before carol");
        bob.Send("also before carol");
        relay.DeliverAll();
        var earlier = relay.Delivered.ToList();

        var carol = relay.Join("carol");
        relay.DeliverAll();
        carol.Session.HasKey.Should().BeTrue();
        carol.Session.CurrentEpoch.Should().Be(3);

        foreach (var frame in earlier)
        {
            carol.Inject(frame);
        }

        carol.Messages.Should().BeEmpty();

        // The replayed Rekey is refused at once. The chats look like ones that raced carol's join (an epoch older than
        // her first key, after her join): she waits for their re-send (§6.5), which never comes, and says so when
        // they would have expired anyway.
        carol.Rejections.Should().ContainSingle().Which.Reason.Should().Be(RejectionReason.Replay);
        relay.Advance(RoomSessionOptions.Default.MessageTimeToLive + RoomSessionOptions.Default.MaxClockSkew);
        carol.Session.OnTick();
        carol.Messages.Should().BeEmpty();
        carol.Rejections.Should().HaveCount(earlier.Count)
            .And.OnlyContain(r => r.Reason == RejectionReason.KeyNotReceived || r.Reason == RejectionReason.Replay);

        alice.Send("after carol");
        relay.DeliverAll();
        carol.Messages.Should().ContainSingle().Which.Text.Should().Be("after carol");
    }

    [Fact]
    public void TrafficThatRacedAJoin_ReachesTheJoiner_ThroughItsResend()
    {
        var (relay, alice, bob) = TwoMembers();
        var carol = relay.Join("carol");
        bob.Send("sent while carol was joining, under the old epoch");
        relay.DeliverAll();

        bob.Messages.Should().BeEmpty();
        alice.Messages.Should().ContainSingle();
        carol.Messages.Should().ContainSingle().Which.Epoch.Should().Be(3, "bob sent it again under the epoch made for carol");
        carol.Rejections.Should().BeEmpty();
        alice.Rejections.Should().BeEmpty();
    }

    [Fact]
    public void DepartedMember_CannotReadLaterTraffic_WithAnythingItHolds()
    {
        var relay = new FakeRelay();
        var alice = relay.Create("alice");
        var bob = relay.Join("bob");
        var carol = relay.Join("carol");
        relay.DeliverAll();
        var sentBefore = relay.Delivered.Count;

        relay.Leave("bob");
        relay.DeliverAll();
        alice.Send("bob is gone");
        carol.Send("indeed");
        relay.DeliverAll();

        var later = relay.Delivered.Skip(sentBefore).ToList();
        var rekey = later.Select(f => Frame.Decode(f)).OfType<DeliverFrame>().First();
        rekey.Payload.Span[0].Should().Be(0x03, "the hub rekeyed on the leave");
        carol.Messages.Select(m => m.Text).Should().Equal("bob is gone");
        alice.Messages.Select(m => m.Text).Should().Equal("indeed");

        var eventsBefore = bob.Events.Count;
        foreach (var frame in later)
        {
            bob.Inject(frame); // what a departed member could get from a colluding relay
        }

        relay.Advance(TimeSpan.FromSeconds(10));
        bob.Clock.Advance(TimeSpan.FromSeconds(10));
        bob.Session.OnTick();
        var after = bob.Events.Skip(eventsBefore).ToList();
        after.OfType<MessageReceived>().Should().BeEmpty();
        after.OfType<KeyRotated>().Should().BeEmpty();
        after.OfType<MessageRejected>().Should().OnlyContain(r => r.Reason == RejectionReason.KeyNotReceived)
            .And.HaveCount(2, "the rekey had no key for bob, so neither message opens");
    }

    [Fact]
    public void HubLeavesMidConversation_NewHubRekeys_AndNothingSentAfterIsLost()
    {
        var relay = new FakeRelay();
        var alice = relay.Create("alice");
        var bob = relay.Join("bob");
        var carol = relay.Join("carol");
        relay.DeliverAll();
        alice.Send("one");
        bob.Send("two");

        relay.Leave("alice");
        carol.Send("sent before carol heard alice left");
        relay.DeliverAll();
        bob.Send("after");
        carol.Send("after too");
        relay.DeliverAll();

        bob.Session.IsHub.Should().BeTrue();
        carol.Session.Hub.Should().Be("bob");
        carol.Events.OfType<HubChanged>().Should().ContainSingle().Which.Hub.Should().Be("bob");
        carol.Events.OfType<MemberLeft>().Should().ContainSingle().Which.Member.Should().Be("alice");
        carol.Events.OfType<KeyRotated>().Last().Should().Match<KeyRotated>(k => k.Hub == "bob" && k.Epoch == 4);
        bob.Messages.Select(m => m.Text).Should().Equal("one", "sent before carol heard alice left", "after too");
        carol.Messages.Select(m => m.Text).Should().Equal("one", "two", "after");
        bob.Rejections.Should().BeEmpty();
        carol.Rejections.Should().BeEmpty();
    }

    [Fact]
    public void HubLeavesWhileAJoinerAwaitsItsKey_TheNewHubKeysIt()
    {
        var (relay, alice, bob) = TwoMembers();
        var carol = relay.Join("carol");
        relay.DeliverTo("carol");
        carol.Session.HasKey.Should().BeFalse();

        relay.Leave("alice"); // before alice processed carol's MemberJoined
        relay.DeliverAll();

        carol.Session.HasKey.Should().BeTrue();
        carol.Events.OfType<KeyRotated>().Should().ContainSingle().Which.Hub.Should().Be("bob");
        carol.Send("hi bob");
        bob.Send("hi carol");
        relay.DeliverAll();
        bob.Messages.Select(m => m.Text).Should().Equal("hi bob");
        carol.Messages.Select(m => m.Text).Should().Equal("hi carol");
    }

    [Fact]
    public void LastMemberLeft_TheRemainingOneIsHubWithAFreshKey()
    {
        var (relay, alice, bob) = TwoMembers();
        relay.Leave("alice");
        relay.DeliverAll();

        bob.Session.IsHub.Should().BeTrue();
        bob.Session.CurrentEpoch.Should().Be(3);
        bob.Session.Members.Select(m => m.Name).Should().Equal("bob");
    }

    [Fact]
    public void MemberWhoLeftAndRejoined_StartsAFreshSequence_AndIsShown()
    {
        var (relay, alice, bob) = TwoMembers();
        bob.Send("first stay");
        relay.DeliverAll();
        relay.Leave("bob");
        var bob2 = relay.Join(new TestClient(relay, "bob", identity: bob.Identity));
        relay.DeliverAll();
        bob2.Send("second stay");
        relay.DeliverAll();

        alice.Messages.Select(m => m.Text).Should().Equal("first stay", "second stay");
        alice.Rejections.Should().BeEmpty();
    }

    [Fact]
    public void EncryptMessage_BeforeAnyKey_Throws()
    {
        var relay = new FakeRelay();
        relay.Create("alice");
        var bob = relay.Join("bob");

        var send = () => bob.Session.EncryptMessage("too early");

        send.Should().Throw<InvalidOperationException>();
    }

    internal static (FakeRelay Relay, TestClient Alice, TestClient Bob) TwoMembers(RoomSessionOptions? options = null)
    {
        var relay = new FakeRelay();
        var alice = relay.Create("alice", options);
        var bob = relay.Join("bob", options);
        relay.DeliverAll();
        return (relay, alice, bob);
    }
}
