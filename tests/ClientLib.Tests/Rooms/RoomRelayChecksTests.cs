using FluentAssertions;
using PyChat.Client;
using PyChat.Protocol.Frames;
using static PyChat.ClientLib.Tests.Rooms.RoomConversationTests;

namespace PyChat.ClientLib.Tests.Rooms;

/// <summary>
/// The relay decides membership and the hub; members check its word against what they saw themselves. Each test
/// plays a relay that lies to some members (frames given to one member, withheld from another, or made up).
/// </summary>
public sealed class RoomRelayChecksTests
{
    [Fact]
    public void RelayNamingAHubOtherThanTheLongestPresentMember_RaisesHubMismatch()
    {
        var relay = new FakeRelay();
        relay.Create("alice");
        relay.Join("bob");
        var carol = relay.Join("carol");
        relay.DeliverAll();

        // alice left; the longest-present member is bob, but carol is told she is hub.
        carol.Inject(new MemberLeftFrame("lobby", 0, "alice", "carol").Encode());

        carol.Events.OfType<HubMismatch>().Should().ContainSingle().Which.Should().Match<HubMismatch>(
            h => h.NamedHub == "carol" && h.ExpectedHub == "bob");
    }

    [Fact]
    public void RoomJoinedNamingAHubThatIsNotFirstInJoinOrder_RaisesHubMismatch()
    {
        var relay = new FakeRelay();
        var alice = relay.Create("alice");
        var bob = relay.Join("bob");
        relay.DeliverAll();
        var carol = new TestClient(relay, "carol");
        var members = new[] { alice.Entry!, bob.Entry!, new RoomMember("carol", carol.Identity.PublicKey.SubjectPublicKeyInfo, carol.Session.CreateAnnouncement()) };

        carol.Inject(new RoomJoinedFrame(1, "lobby", "bob", 1, 3, members, []).Encode());

        carol.Events.OfType<HubMismatch>().Should().ContainSingle().Which.Should().Match<HubMismatch>(
            h => h.NamedHub == "bob" && h.ExpectedHub == "alice");
    }

    [Fact]
    public void HonestElections_RaiseNoHubMismatch()
    {
        var (relay, alice, bob) = TwoMembers();
        var carol = relay.Join("carol");
        relay.DeliverAll();
        relay.Leave("alice");
        relay.DeliverAll();
        relay.Leave("bob");
        relay.DeliverAll();

        bob.Events.OfType<HubMismatch>().Should().BeEmpty();
        carol.Events.OfType<HubMismatch>().Should().BeEmpty();
        carol.Session.Hub.Should().Be("carol");
        alice.Events.OfType<HubMismatch>().Should().BeEmpty();
    }

    [Fact]
    public void MemberShownToOneMemberOnly_IsCaughtByTheNextRekey_AsRosterMismatch()
    {
        var (relay, _, bob) = TwoMembers();
        using var mallory = Identity();
        var phantom = new TestClient(relay, "mallory", identity: mallory);

        // The relay shows bob a mallory that the hub never sees, then an honest join makes the hub rekey.
        bob.Inject(new MemberJoinedFrame("lobby", 0, new RoomMember("mallory", mallory.PublicKey.SubjectPublicKeyInfo, phantom.Session.CreateAnnouncement())).Encode());
        relay.Join("carol");
        relay.DeliverAll();

        bob.Events.OfType<RosterMismatch>().Should().ContainSingle().Which.Should().Match<RosterMismatch>(
            r => r.Hub == "alice" && r.Epoch == 3 && r.NotInRekey.SequenceEqual(new[] { "mallory" }) && r.NotSeenHere.Count == 0);
    }

    [Fact]
    public void MemberHiddenFromOneMember_IsCaughtByTheNextRekey_AsRosterMismatch()
    {
        var (relay, _, bob) = TwoMembers();
        relay.Join("carol");
        bob.Inbox.Clear(); // bob never hears that carol joined
        relay.DeliverAll();

        bob.Events.OfType<RosterMismatch>().Should().ContainSingle().Which.Should().Match<RosterMismatch>(
            r => r.NotSeenHere.SequenceEqual(new[] { "carol" }) && r.NotInRekey.Count == 0);
    }

    [Fact]
    public void JoinsRacingRekeys_RaiseNoRosterMismatch()
    {
        var relay = new FakeRelay();
        relay.Create("alice");
        for (var i = 1; i < 10; i++)
        {
            relay.Join($"m{i}"); // every join lands before the hub's Rekeys for the earlier ones
        }

        relay.DeliverAll();
        relay.Leave("m3");
        relay.Leave("alice");
        relay.DeliverAll();

        relay.Members.Should().OnlyContain(m => !m.Events.OfType<RosterMismatch>().Any());
        relay.Members.Should().OnlyContain(m => m.Session.HasKey);
    }

    [Fact]
    public void SequenceJump_RaisesMessagesMissing_WithTheCount()
    {
        var (relay, alice, bob) = TwoMembers();
        for (var i = 1; i <= 5; i++)
        {
            bob.Send($"m{i}");
        }

        // The relay drops bob's messages 2, 3 and 4 on their way to alice.
        var inbox = alice.Inbox.ToList();
        alice.Inbox.Clear();
        alice.Inject(inbox[0]);
        alice.Inject(inbox[4]);

        alice.Messages.Select(m => m.Text).Should().Equal("m1", "m5");
        alice.Events.OfType<MessagesMissing>().Should().ContainSingle().Which.Should().Match<MessagesMissing>(
            m => m.Sender == "bob" && m.FirstMissing == 2 && m.Count == 3);
    }

    [Fact]
    public void FirstMessagesDropped_FromAMemberWhoJoinedLater_RaiseMessagesMissing()
    {
        var (_, alice, bob) = TwoMembers();
        bob.Send("m1");
        bob.Send("m2");
        var inbox = alice.Inbox.ToList();
        alice.Inbox.Clear();
        alice.Inject(inbox[1]);

        alice.Events.OfType<MessagesMissing>().Should().ContainSingle().Which.Should().Match<MessagesMissing>(m => m.FirstMissing == 1 && m.Count == 1);
    }

    [Fact]
    public void UnbrokenSequences_RaiseNoMessagesMissing()
    {
        var (relay, alice, bob) = TwoMembers();
        var carol = relay.Join("carol");
        relay.DeliverAll();
        foreach (var text in new[] { "a", "b", "c" })
        {
            bob.Send(text);
            alice.Send(text);
            relay.DeliverAll();
        }

        carol.Messages.Should().HaveCount(6);
        relay.Members.Should().OnlyContain(m => !m.Events.OfType<MessagesMissing>().Any());
    }

    private static PyChat.Client.Cryptography.IdentityKey Identity() => PyChat.Client.Cryptography.IdentityKey.Generate();
}
