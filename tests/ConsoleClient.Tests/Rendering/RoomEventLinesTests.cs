using FluentAssertions;
using PyChat.Client;
using PyChat.ConsoleClient.Rendering;

namespace PyChat.ConsoleClient.Tests.Rendering;

public sealed class RoomEventLinesTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 12, 1, 2, TimeSpan.Zero);
    private static readonly DateTimeOffset Sent = Now.AddSeconds(-1);
    private const string Fingerprint = "3f2a9c1d0b7e55aa00112233445566778899aabbccddeeff0011223344556677";

    [Theory]
    [InlineData(PeerTrust.Trusted, true)]
    [InlineData(PeerTrust.FirstSeen, true)]
    [InlineData(PeerTrust.Changed, false)]
    public void Message_IsVerifiedUnlessTheSendersKeyChanged(PeerTrust trust, bool verified) =>
        RoomEventLines.ToLine(new MessageReceived("lobby", Now, "bob", "hi", Sent, 2, trust))
            .Should().Be(RoomLine.Message(Sent, "bob", "hi", verified));

    [Fact]
    public void CaughtUpMessage_IsShownAtItsSendTime_AndMarkedCaughtUp() =>
        RoomEventLines.ToLine(new MessageReceived("lobby", Now, "bob", "while you were away", Sent, 2, PeerTrust.Trusted) { CaughtUp = true })
            .Should().Be(RoomLine.Message(Sent, "bob", "while you were away", verified: true, caughtUp: true));

    [Theory]
    [InlineData(0, "back; nothing missed")]
    [InlineData(1, "back; 1 message caught up")]
    [InlineData(3, "back; 3 messages caught up")]
    public void RoomResumed_SaysHowManyMessagesWereCaughtUp(int messages, string text) =>
        RoomEventLines.ToLine(new RoomResumed("lobby", Now, CaughtUp: 7), messages).Should().Be(RoomLine.Event(Now, text, RoomLineCodes.Resumed));

    [Fact]
    public void TheTally_CountsTheReplayedMessages_NotTheOtherReplayedFrames_AndStartsAgainAfterEachResume()
    {
        var tally = new CatchUpTally();
        RoomLine Replayed(string text) =>
            tally.ToLine(new MessageReceived("lobby", Now, "bob", text, Sent, 2, PeerTrust.Trusted) { CaughtUp = true });

        Replayed("one").CaughtUp.Should().BeTrue();
        tally.ToLine(new MemberAway("lobby", Now, "carol"));
        Replayed("two");
        tally.ToLine(new MessageReceived("lobby", Now, "bob", "live", Sent, 2, PeerTrust.Trusted)); // not replayed
        tally.ToLine(new RoomResumed("lobby", Now, CaughtUp: 3)).Text.Should().Be("back; 2 messages caught up");

        tally.ToLine(new RoomResumed("lobby", Now, CaughtUp: 1)).Text.Should().Be("back; nothing missed");
    }

    [Fact]
    public void MessagesMissed_IsALoudWarning_WithTheReason()
    {
        var line = RoomEventLines.ToLine(new MessagesMissed("lobby", Now, "ResumeGap: the room's log no longer reaches back"));

        line.Should().Be(RoomLine.Warning(
            Now,
            "some messages could not be recovered: ResumeGap: the room's log no longer reaches back; rejoining the room " +
            "(what was said while you were away is lost to you)",
            loud: true,
            RoomLineCodes.MessagesMissed));
    }

    [Fact]
    public void MembershipHubAndKeyEvents_AreEvents()
    {
        RoomEventLines.ToLine(new MemberJoined("lobby", Now, "bob", Fingerprint))
            .Should().Be(RoomLine.Event(Now, "bob joined (key 3f2a 9c1d 0b7e 55aa…)", RoomLineCodes.Joined, "bob"));
        RoomEventLines.ToLine(new MemberLeft("lobby", Now, "bob")).Should().Be(RoomLine.Event(Now, "bob left", RoomLineCodes.Left, "bob"));
        RoomEventLines.ToLine(new HubChanged("lobby", Now, "carol"))
            .Should().Be(RoomLine.Event(Now, "carol is now the key hub", RoomLineCodes.HubChanged, "carol"));
        RoomEventLines.ToLine(new KeyRotated("lobby", Now, 3, "alice"))
            .Should().Be(RoomLine.Event(Now, "new room key, epoch 3, from alice", RoomLineCodes.KeyRotated, "alice"));
    }

    [Fact]
    public void EpochsExhausted_IsALoudWarning_ThatSaysTheRoomWasLeft()
    {
        var line = RoomEventLines.ToLine(new EpochsExhausted("lobby", Now, uint.MaxValue));

        line.Should().Be(RoomLine.Warning(
            Now,
            $"the room ran out of key epochs (last {uint.MaxValue}): no new key can be made, so you left it. Create a new room to go on.",
            loud: true,
            RoomLineCodes.EpochsExhausted));
    }

    [Fact]
    public void RejectedMessage_IsAWarning_WithItsReason()
    {
        var line = RoomEventLines.ToLine(new MessageRejected("lobby", Now, "mallory", RejectionReason.Replay, "sequence 3 <= 5"));

        line.Kind.Should().Be(RoomLineKind.Warning);
        line.Text.Should().Be("a message from mallory was rejected: it is a duplicate or a replay (sequence 3 <= 5)");
    }

    [Fact]
    public void ChangedKey_IsALoudWarning_ThatSaysWhatToDo()
    {
        var line = RoomEventLines.ToLine(new PeerKeyChanged("lobby", Now, "bob", Fingerprint, "00" + Fingerprint[2..]));

        line.Should().Match<RoomLine>(l => l.Kind == RoomLineKind.Warning && l.Loud);
        line.Text.Should().Contain("bob's identity key CHANGED").And.Contain("/verify bob").And.Contain("/trust bob")
            .And.Contain("was 3f2a 9c1d 0b7e 55aa…").And.Contain("now 002a 9c1d 0b7e 55aa…");
    }

    [Fact]
    public void FirstSeenMember_IsShownAsNew_WithTheWayToVerify()
    {
        var line = RoomEventLines.ToLine(new PeerFirstSeen("lobby", Now, "bob", Fingerprint));

        line.Should().Be(RoomLine.Event(
            Now, "bob is new to you (key 3f2a 9c1d 0b7e 55aa…): compare safety numbers with /verify bob", RoomLineCodes.PeerFirstSeen, "bob"));
    }

    [Fact]
    public void SendsHeld_IsALoudWarning_NamingTheMemberAndTheWaysOn()
    {
        var line = RoomEventLines.ToLine(new SendsHeld("lobby", Now, "bob", Fingerprint));

        line.Should().Match<RoomLine>(l => l.Kind == RoomLineKind.Warning && l.Loud);
        line.Text.Should().Contain("SENDING HELD").And.Contain("bob gets no room key").And.Contain("/verify bob").And.Contain("/trust bob").And.Contain("/leave");
        RoomEventLines.ToLine(new SendsResumed("lobby", Now)).Kind.Should().Be(RoomLineKind.Event);
    }

    [Fact]
    public void RelayDisagreements_AreLoudWarnings_ThatNameWhatDiffers()
    {
        var hub = RoomEventLines.ToLine(new HubMismatch("lobby", Now, "mallory", "bob"));
        var roster = RoomEventLines.ToLine(new RosterMismatch("lobby", Now, "alice", 7, ["carol"], ["mallory"]));
        var missing = RoomEventLines.ToLine(new MessagesMissing("lobby", Now, "bob", 2, 3));

        new[] { hub, roster, missing }.Should().OnlyContain(l => l.Kind == RoomLineKind.Warning && l.Loud);
        hub.Text.Should().Contain("named mallory key hub").And.Contain("should be bob");
        roster.Text.Should().Contain("only the hub sees: carol").And.Contain("only you see: mallory");
        missing.Text.Should().StartWith("3 messages from bob never arrived (from number 2)");
    }

    [Fact]
    public void Fingerprints_CompareAndGroupTheSameWithOrWithoutSpaces()
    {
        Fingerprints.Normalize("3F2A 9c1d").Should().Be("3f2a9c1d");
        Fingerprints.Grouped("3f2a9c1d0b7e").Should().Be("3f2a 9c1d 0b7e");
        Fingerprints.Grouped("3f2a 9c1d 0b7e").Should().Be("3f2a 9c1d 0b7e");
    }
}
