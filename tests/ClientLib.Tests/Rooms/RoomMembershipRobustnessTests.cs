using FluentAssertions;
using PyChat.Client;
using PyChat.Client.Cryptography;
using PyChat.Protocol;
using PyChat.Protocol.Frames;
using static PyChat.ClientLib.Tests.Rooms.RoomConversationTests;
using static PyChat.ClientLib.Tests.Rooms.RoomRejectionTests;

namespace PyChat.ClientLib.Tests.Rooms;

/// <summary>What members and the relay list about membership cannot make a session throw or split one member in two.</summary>
public sealed class RoomMembershipRobustnessTests
{
    [Fact]
    public void Join_WithAnOffCurveAnnouncement_DoesNotDisturbTheHub()
    {
        var (relay, alice, bob) = TwoMembers();
        var mallory = new TestClient(relay, "mallory");

        // A correctly signed announcement of the point (1, 1), which is not on P-256.
        var point = new byte[EphemeralKeyPair.PublicKeySize];
        point[0] = 0x04;
        point[32] = 1;
        point[64] = 1;
        relay.Join(mallory, Signed([0x01, .. point], "mallory", mallory.Identity));
        var act = () => relay.DeliverAll();

        act.Should().NotThrow();
        alice.Rejections.Should().ContainSingle().Which.Should().Match<MessageRejected>(r => r.Sender == "mallory" && r.Reason == RejectionReason.Malformed);
        alice.Session.CurrentEpoch.Should().Be(3);
        bob.Session.CurrentEpoch.Should().Be(3);
        mallory.Session.HasKey.Should().BeFalse();

        relay.Join("carol");
        relay.DeliverAll();
        bob.Send("the room goes on");
        relay.DeliverAll();

        alice.Rejections.Should().ContainSingle("the bad announcement is reported once, not at every rekey");
        alice.Messages.Select(m => m.Text).Should().Equal("the room goes on");
    }

    [Fact]
    public void RoomJoined_ListingAMemberTwice_KeepsOneMemberAndReportsTheRepeat()
    {
        var relay = new FakeRelay();
        var alice = relay.Create("alice");
        relay.DeliverAll();
        var bob = new TestClient(relay, "bob");
        var entry = new RoomMember("bob", bob.Identity.PublicKey.SubjectPublicKeyInfo, bob.Session.CreateAnnouncement());
        var twice = new RoomJoinedFrame(1, "lobby", "alice", 1, 2, [alice.Entry!, entry, entry], []).Encode();

        bob.Inject(twice);

        bob.Session.Members.Select(m => m.Name).Should().Equal("alice", "bob");
        bob.Rejections.Should().ContainSingle().Which.Reason.Should().Be(RejectionReason.Malformed);
    }

    [Fact]
    public void MemberJoined_PastTheRoomsCapacity_IsIgnored_AndTheHubStillRekeys()
    {
        var (relay, alice, _) = TwoMembers();
        for (var i = 0; i < 300; i++)
        {
            using var identity = IdentityKey.Generate();
            var act = () => alice.Inject(new MemberJoinedFrame("lobby", 0, new RoomMember($"ghost{i}", identity.PublicKey.SubjectPublicKeyInfo, new byte[130])).Encode());
            act.Should().NotThrow();
        }

        alice.Session.Members.Should().HaveCount(ProtocolLimits.RoomCapacity);
        alice.Rejections.Where(r => r.Detail.Contains("capacity", StringComparison.Ordinal)).Should().HaveCount(300 - (ProtocolLimits.RoomCapacity - 2));
        relay.DeliverAll();
    }

    [Fact]
    public void RelayListingANameThatBreaksTheNamingRule_IsIgnored()
    {
        var (_, alice, _) = TwoMembers();
        using var identity = IdentityKey.Generate();

        alice.Inject(new MemberJoinedFrame("lobby", 0, new RoomMember("Bob", identity.PublicKey.SubjectPublicKeyInfo, new byte[130])).Encode());

        alice.Session.Members.Select(m => m.Name).Should().Equal("alice", "bob");
        alice.Rejections.Should().ContainSingle().Which.Reason.Should().Be(RejectionReason.Malformed);
    }
}
