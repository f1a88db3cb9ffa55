using FluentAssertions;
using PyChat.ConsoleClient.Rendering;
using Spectre.Console.Testing;

namespace PyChat.ConsoleClient.Tests.Rendering;

public sealed class RichChatOutputTests
{
    private static readonly DateTimeOffset Noon = new(2025, 1, 2, 12, 1, 2, TimeSpan.Zero);
    private readonly TestConsole _console = new();

    public RichChatOutputTests() => _console.Width(100);

    [Fact]
    public void Message_ShowsTimeSenderAndVerifiedMark_InColour()
    {
        _console.EmitAnsiSequences();
        new RichChatOutput(_console).Write(RoomLine.Message(Noon, "alice", "hello", verified: true));

        _console.Output.Should().Contain(TimeFormat.Local(Noon)).And.Contain("alice").And.Contain("✓").And.Contain("hello")
            .And.Contain("\u001b[", "a terminal gets colour");
    }

    [Fact]
    public void AMessageNamingYou_IsHighlighted_AndRingsTheBell()
    {
        _console.EmitAnsiSequences();
        var output = new RichChatOutput(_console);
        output.Write(RoomLine.Message(Noon, "bob", "plain", verified: true));
        var before = _console.Output;
        output.Write(RoomLine.Message(Noon, "bob", "alice: lunch?", verified: true) with { MentionsYou = true });

        before.Should().NotContain("\a");
        var mention = _console.Output[before.Length..];
        mention.Should().StartWith("\a").And.Contain("lunch?").And.Contain("48;5;11malice: lunch?", "the text on yellow");
    }

    [Fact]
    public void UnverifiedMessage_SaysSoInWords()
    {
        new RichChatOutput(_console).Write(RoomLine.Message(Noon, "bob", "hi", verified: false));

        _console.Output.Should().Contain("bob ! unverified").And.Contain("hi");
    }

    [Fact]
    public void MarkupInAMessage_IsShownLiterally_NotInterpreted()
    {
        new RichChatOutput(_console).Write(RoomLine.Message(Noon, "mallory", "[red]alarm[/] [link=x]", verified: true));

        _console.Output.Should().Contain("[red]alarm[/] [link=x]");
    }

    [Fact]
    public void ControlCharacters_NeverReachTheTerminal()
    {
        new RichChatOutput(_console).Write(RoomLine.Message(Noon, "mallory", "a\u001b]0;pwned\u0007b", verified: true));

        _console.Output.Should().NotContain("\u001b").And.Contain("a\uFFFD]0;pwned\uFFFDb");
    }

    [Fact]
    public void AMessageOfSeveralLines_ShowsTheFurtherLinesIndentedUnderTheFirst_EachStillSanitized()
    {
        new RichChatOutput(_console).Write(RoomLine.Message(Noon, "alice", "/who\nsecond\u001b[2J line\r\nthird", verified: true));

        var indent = new string(' ', $"{TimeFormat.Local(Noon)} alice ✓ ".Length);
        _console.Output.ReplaceLineEndings("\n").Should().Contain($"{TimeFormat.Local(Noon)} alice ✓ /who\n{indent}second\uFFFD[2J line\n{indent}third\n");
        _console.Output.Should().NotContain("\u001b");
    }

    [Fact]
    public void AnUnverifiedMessageOfSeveralLines_IsIndentedUnderItsText()
    {
        new RichChatOutput(_console).Write(RoomLine.Message(Noon, "bob", "one\ntwo", verified: false, caughtUp: true));

        var indent = new string(' ', $"{TimeFormat.Local(Noon)} bob ! unverified ".Length);
        _console.Output.ReplaceLineEndings("\n").Should().Contain($"bob ! unverified one\n{indent}two {RoomLine.CaughtUpMark}");
    }

    [Fact]
    public void ANoticeOfSeveralLines_KeepsItsLineBreaks_AndStillLosesAnyEscape()
    {
        new RichChatOutput(_console).Write(RoomLine.Notice("Commands:\n  /who\u001b[2J  who is here\n  /quit"));

        _console.Output.ReplaceLineEndings("\n").Should().Contain("Commands:\n  /who\uFFFD[2J  who is here\n  /quit");
        _console.Output.Should().NotContain("\u001b");
    }

    [Fact]
    public void LoudWarning_IsAPanelThatCannotBeMissed()
    {
        new RichChatOutput(_console).Write(RoomLine.Warning(Noon, "bob's identity key CHANGED", loud: true));

        _console.Output.Should().Contain("WARNING").And.Contain("bob's identity key CHANGED").And.Contain("┃");
    }

    [Fact]
    public void Rooms_AreATable_WithFullRoomsMarked()
    {
        new RichChatOutput(_console).WriteRooms([new RoomRow("dev", 3, 10), new RoomRow("lobby", 10, 10)]);

        var lines = _console.Lines;
        lines.Should().Contain(l => l.Contains("Room") && l.Contains("Members"));
        lines.Should().Contain(l => l.Contains("dev") && l.Contains("3/10"));
        lines.Should().Contain(l => l.Contains("lobby") && l.Contains("10/10 full"));
    }

    [Fact]
    public void NoRooms_InvitesToCreateOne()
    {
        new RichChatOutput(_console).WriteRooms([]);

        _console.Output.Should().Contain("No active rooms");
    }

    [Fact]
    public void Members_AreATable_WithHubYouAndChangedKeys()
    {
        new RichChatOutput(_console).WriteMembers("lobby",
        [
            new MemberRow("alice", IsHub: true, IsSelf: true, KeyChanged: false, "aa11"),
            new MemberRow("bob", IsHub: false, IsSelf: false, KeyChanged: true, "bb22"),
        ]);

        _console.Lines.Should().Contain(l => l.Contains("alice (you)") && l.Contains("hub") && l.Contains("aa11"));
        _console.Lines.Should().Contain(l => l.Contains("bob") && l.Contains("CHANGED") && l.Contains("bb22"));
    }

    [Fact]
    public void Guard_RunsAroundEveryWrite()
    {
        var guard = new CountingGuard();
        var output = new RichChatOutput(_console) { Guard = guard };

        output.Write(RoomLine.Event(Noon, "bob joined"));
        output.WriteRooms([]);

        guard.Before.Should().Be(2);
        guard.After.Should().Be(2);
    }

    private sealed class CountingGuard : IWriteGuard
    {
        public int Before { get; private set; }

        public int After { get; private set; }

        public void BeforeWrite() => Before++;

        public void AfterWrite() => After++;
    }
}
