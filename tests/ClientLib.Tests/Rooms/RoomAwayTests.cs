using FluentAssertions;
using PyChat.Client;

namespace PyChat.ClientLib.Tests.Rooms;

/// <summary>A member whose connection dropped keeps its seat and its keys (docs/PROTOCOL.md §5.1).</summary>
public sealed class RoomAwayTests
{
    [Fact]
    public void MemberAwayAndBack_IsShownToTheOthers_WithoutARekey()
    {
        var (relay, alice, bob, carol) = RoomDepartureTests.ThreeMembers();

        relay.Away("carol");
        relay.DeliverAll();
        relay.Back("carol");
        relay.DeliverAll();

        foreach (var member in new[] { alice, bob })
        {
            member.Events.OfType<MemberAway>().Should().ContainSingle().Which.Member.Should().Be("carol");
            member.Events.OfType<MemberBack>().Should().ContainSingle().Which.Member.Should().Be("carol");
            member.Events.OfType<MemberLeft>().Should().BeEmpty();
            member.Events.OfType<HubChanged>().Should().BeEmpty();
            member.Session.CurrentEpoch.Should().Be(3, "nobody left, so nothing is rekeyed");
            member.Session.HasKey.Should().BeTrue();
        }
    }

    [Fact]
    public void WhileAMemberIsAway_WhatTheOthersSendReachesItWhenItIsBack()
    {
        var (relay, alice, bob, carol) = RoomDepartureTests.ThreeMembers();
        relay.Away("carol");
        relay.DeliverAll();

        alice.Send("sent while carol is away");
        relay.DeliverAll();
        carol.Messages.Should().BeEmpty();

        relay.Back("carol");
        relay.DeliverAll();

        carol.Messages.Select(m => m.Text).Should().Equal("sent while carol is away");
        bob.Messages.Select(m => m.Text).Should().Equal("sent while carol is away");
    }

    [Fact]
    public void HubAway_TheNextMemberHereBecomesHub_AndKeysTheAwayHubToo()
    {
        var (relay, alice, bob, carol) = RoomDepartureTests.ThreeMembers();

        relay.Away("alice");
        relay.DeliverAll();

        bob.Session.IsHub.Should().BeTrue();
        bob.Events.OfType<HubChanged>().Should().ContainSingle().Which.Hub.Should().Be("bob");
        carol.Events.OfType<HubMismatch>().Should().BeEmpty("the relay elected the longest-present member that is here");
        var epoch = bob.Session.CurrentEpoch;
        carol.Session.CurrentEpoch.Should().Be(epoch);

        bob.Send("under the new hub's epoch");
        relay.Back("alice");
        relay.DeliverAll();

        alice.Messages.Should().ContainSingle().Which.Should().Match<MessageReceived>(m => m.Text == "under the new hub's epoch" && m.Epoch == epoch);
        alice.Rejections.Should().BeEmpty();
    }

    [Fact]
    public void JoinerWhileTheHubIsAway_IsKeyedByTheMemberThatIsHere()
    {
        var (relay, alice, bob, _) = RoomDepartureTests.ThreeMembers();
        relay.Away("alice");
        relay.DeliverAll();

        var dave = relay.Join("dave");
        relay.DeliverAll();

        dave.Session.HasKey.Should().BeTrue("bob, the hub while alice is away, wraps the room key for dave");
        dave.Events.OfType<HubMismatch>().Should().BeEmpty();
        bob.Send("hello dave");
        relay.DeliverAll();
        dave.Messages.Select(m => m.Text).Should().Equal("hello dave");
    }
}
