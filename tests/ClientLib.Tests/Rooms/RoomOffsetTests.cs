using FluentAssertions;
using PyChat.Client;
using PyChat.Protocol.Frames;

namespace PyChat.ClientLib.Tests.Rooms;

/// <summary>The session's place in the room's order (docs/PROTOCOL.md §5, §5.1): what the network client resumes from.</summary>
public sealed class RoomOffsetTests
{
    [Fact]
    public void LastOffset_FollowsEveryRoomFrame_AndLogEpochComesFromRoomJoined()
    {
        var (relay, alice, bob) = RoomConversationTests.TwoMembers();
        bob.Session.LogEpoch.Should().Be(FakeRelay.LogEpoch);
        bob.Session.LastOffset.Should().Be(3, "created at 1, bob's join at 2, the hub's Rekey at 3");
        alice.Session.LastOffset.Should().Be(2, "alice's own Rekey comes back to her only as its acknowledgement");

        alice.Send("4");
        relay.Away("bob");
        relay.Back("bob");
        relay.Join("carol");
        relay.DeliverAll();

        var latest = relay.TakeOffset() - 1;
        bob.Session.LastOffset.Should().Be(latest, "the hub's Rekey for carol is the room's latest frame");
        alice.Session.LastOffset.Should().Be(latest - 1, "carol's join");
    }

    [Fact]
    public void FrameAtOrBelowLastOffset_IsIgnored_WithoutAnEvent()
    {
        var (relay, alice, bob) = RoomConversationTests.TwoMembers();
        alice.Send("once");
        relay.DeliverAll();
        var events = bob.Events.Count;
        var last = bob.Session.LastOffset;

        bob.Receive(relay.Delivered[^1]); // the same frame again, as a replay after a resume could give it
        bob.Receive(new MemberLeftFrame("lobby", last - 1, "alice", "bob").Encode());
        bob.Receive(new MemberJoinedFrame("lobby", last, new RoomMember("zed", alice.Identity.PublicKey.SubjectPublicKeyInfo, new byte[130])).Encode());

        bob.Events.Should().HaveCount(events);
        bob.Messages.Should().ContainSingle();
        bob.Session.Members.Select(m => m.Name).Should().Equal("alice", "bob");
        bob.Session.LastOffset.Should().Be(last);
    }

    [Fact]
    public void OnRoomResumed_FollowsTheHubItNames_AndANewHubStartsAnEpoch()
    {
        var (relay, alice, bob) = RoomConversationTests.TwoMembers();
        var before = bob.Session.CurrentEpoch;

        bob.Receive(new RoomResumedFrame(9, "lobby", "alice", bob.Session.LastOffset).Encode());
        bob.Events.OfType<HubChanged>().Should().BeEmpty("the hub it names is the hub already");

        relay.Away("alice");
        bob.Receive(new RoomResumedFrame(10, "lobby", "bob", bob.Session.LastOffset).Encode());

        bob.Session.IsHub.Should().BeTrue();
        bob.Events.OfType<HubChanged>().Should().ContainSingle().Which.Hub.Should().Be("bob");
        bob.Session.CurrentEpoch.Should().Be(before, "the new hub's epoch counts once the relay has ordered its Rekey");
        relay.DeliverAll();
        bob.Session.CurrentEpoch.Should().Be(before + 1);
        bob.Session.HasKey.Should().BeTrue();
        _ = alice;
    }

    [Fact]
    public void WhileCatchingUp_MessagesAreMarkedCaughtUp()
    {
        var (relay, alice, bob) = RoomConversationTests.TwoMembers();
        bob.Session.CatchingUp = true;
        alice.Send("missed");
        relay.DeliverAll();
        bob.Session.CatchingUp = false;
        alice.Send("live");
        relay.DeliverAll();

        bob.Messages.Select(m => (m.Text, m.CaughtUp)).Should().Equal(("missed", true), ("live", false));
    }
}
