using FluentAssertions;
using PyChat.Client;
using PyChat.Client.Cryptography;
using PyChat.Client.Internal.Payloads;

namespace PyChat.ClientLib.Tests.Rooms;

/// <summary>
/// Every member counts the same Rekeys as seen, so whoever becomes hub next picks the epoch every other member
/// expects (docs/PROTOCOL.md §6.2): a Rekey from the current hub whose signature verifies and whose epoch is the
/// next one counts whether the receiver's own entry opens, is withheld, or is missing.
/// </summary>
public sealed class RoomRekeyAgreementTests
{
    [Fact]
    public void MemberWhoseEntryDoesNotOpen_StillCountsTheEpoch_SoTheNextHubsEpochIsTheOneEveryoneExpects()
    {
        var (relay, alice, bob, carol) = ThreeMembersAtEpochThree();

        // The hub (or a bug in it) signs a Rekey to epoch 4 whose entry for bob does not open.
        relay.Publish("alice", RekeyFrom(alice, 4, (bob, 99), (carol, 4)));
        relay.DeliverAll();

        bob.Rejections.Should().ContainSingle().Which.Reason.Should().Be(RejectionReason.Tampered);
        bob.Session.CurrentEpoch.Should().Be(3);
        carol.Session.CurrentEpoch.Should().Be(4);

        // bob becomes hub: his new epoch is 5 for him and for carol, who opened epoch 4.
        relay.Leave("alice");
        relay.DeliverAll();

        bob.Session.IsHub.Should().BeTrue();
        bob.Session.CurrentEpoch.Should().Be(5);
        carol.Session.CurrentEpoch.Should().Be(5);
        carol.Rejections.Should().BeEmpty();
        bob.Send("after the election");
        relay.DeliverAll();
        carol.Messages.Select(m => m.Text).Should().Equal("after the election");
    }

    [Fact]
    public void SecondRekeyToACountedEpoch_IsAReplay_ForEveryMember_WhetherTheirEntryOpenedOrNot()
    {
        var (relay, alice, bob, carol) = ThreeMembersAtEpochThree();
        relay.Publish("alice", RekeyFrom(alice, 4, (bob, 99), (carol, 4)));
        relay.DeliverAll();
        bob.Events.Clear();
        carol.Events.Clear();

        // A correct Rekey to the same epoch does not repair bob's entry: epoch 4 is taken, for both alike.
        relay.Publish("alice", RekeyFrom(alice, 4, (bob, 4), (carol, 4)));
        relay.DeliverAll();

        bob.Rejections.Should().ContainSingle().Which.Reason.Should().Be(RejectionReason.Replay);
        carol.Rejections.Should().ContainSingle().Which.Reason.Should().Be(RejectionReason.Replay);

        // The hub's next honest Rekey (epoch 5) is taken by both.
        relay.Publish("alice", RekeyFrom(alice, 5, (bob, 5), (carol, 5)));
        relay.DeliverAll();
        bob.Session.CurrentEpoch.Should().Be(5);
        carol.Session.CurrentEpoch.Should().Be(5);
    }

    private static (FakeRelay Relay, TestClient Alice, TestClient Bob, TestClient Carol) ThreeMembersAtEpochThree()
    {
        var relay = new FakeRelay();
        var alice = relay.Create("alice");
        relay.DeliverAll();
        var bob = relay.Join("bob");
        relay.DeliverAll();
        var carol = relay.Join("carol");
        relay.DeliverAll();
        new[] { alice, bob, carol }.Should().AllSatisfy(c => c.Session.CurrentEpoch.Should().Be(3));
        bob.Events.Clear();
        carol.Events.Clear();
        return (relay, alice, bob, carol);
    }

    /// <summary>
    /// A Rekey to <paramref name="epoch"/> signed by <paramref name="hub"/>, with one entry per member wrapped
    /// under the context of the epoch given with it: the Rekey's own epoch opens, another does not.
    /// </summary>
    private static byte[] RekeyFrom(TestClient hub, uint epoch, params (TestClient Member, uint WrapEpoch)[] entries)
    {
        using var hubEphemeral = EphemeralKeyPair.Generate();
        using var roomKey = FernetKey.Generate();
        var keys = new List<WrappedRoomKey>();
        foreach (var (member, wrapEpoch) in entries)
        {
            Announcement.TryDecode(member.Entry!.Announcement, out var announcement).Should().BeTrue();
            var context = new RoomKeyWrapContext("lobby", wrapEpoch, hub.Identity.PublicKey, member.Identity.PublicKey);
            keys.Add(new WrappedRoomKey(member.Name, RoomKeyWrap.Wrap(roomKey, hubEphemeral, announcement!.EphemeralPublicKey.Span, context, hub.Clock.GetUtcNow())));
        }

        return new RekeyPayload(epoch, hubEphemeral.PublicKey, keys).Encode("lobby", hub.Name, hub.Identity);
    }
}
