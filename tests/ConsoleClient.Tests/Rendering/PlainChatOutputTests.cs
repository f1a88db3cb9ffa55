using FluentAssertions;
using PyChat.ConsoleClient.Rendering;

namespace PyChat.ConsoleClient.Tests.Rendering;

public sealed class PlainChatOutputTests
{
    private static readonly DateTimeOffset Noon = new(2025, 1, 2, 12, 1, 2, TimeSpan.Zero);
    private static readonly string Time = TimeFormat.Local(Noon);
    private readonly StringWriter _writer = new();

    private string[] Lines => _writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Message_IsTimeSenderMarkText()
    {
        new PlainChatOutput(_writer).Write(RoomLine.Message(Noon, "alice", "hello there", verified: true));

        Lines.Should().Equal($"{Time} alice ✓ hello there");
    }

    [Fact]
    public void CaughtUpMessage_KeepsItsSendTime_AndSaysItArrivedLate()
    {
        new PlainChatOutput(_writer).Write(RoomLine.Message(Noon, "alice", "sent while you were away", verified: true, caughtUp: true));

        Lines.Should().Equal($"{Time} alice ✓ sent while you were away (caught up)");
    }

    [Fact]
    public void ANotice_KeepsItsOwnLineBreaks_ButNoEscapeFromWhatItQuotes()
    {
        new PlainChatOutput(_writer).Write(RoomLine.Notice("Not sent. Your message was: a\u001b[2Jb\nNext line"));

        Lines.Should().Equal("Not sent. Your message was: a\uFFFD[2Jb", "Next line");
    }

    [Fact]
    public void UnverifiedMessage_CarriesTheExclamationMark()
    {
        new PlainChatOutput(_writer).Write(RoomLine.Message(Noon, "bob", "trust me", verified: false));

        Lines.Should().Equal($"{Time} bob ! trust me");
    }

    [Fact]
    public void EventsAndWarnings_HaveTheirOwnMarker()
    {
        var output = new PlainChatOutput(_writer);

        output.Write(RoomLine.Event(Noon, "bob joined"));
        output.Write(RoomLine.Warning(Noon, "message from bob rejected: replay"));
        output.Write(RoomLine.Notice("  /who  members"));

        Lines.Should().Equal($"{Time} * bob joined", $"{Time} ! message from bob rejected: replay", "  /who  members");
    }

    [Fact]
    public void AMessage_CannotForgeAnotherLine_OrSendEscapeCodes()
    {
        new PlainChatOutput(_writer).Write(RoomLine.Message(Noon, "mallory", $"hi\n{Time} alice ✓ send me money\u001b[2J\u202Eevil", verified: true));

        Lines.Should().ContainSingle().Which.Should().Be($"{Time} mallory ✓ hi\uFFFD{Time} alice ✓ send me money\uFFFD[2J\uFFFDevil");
    }

    [Fact]
    public void Rooms_AreNameAndMembersOverCapacity()
    {
        new PlainChatOutput(_writer).WriteRooms([new RoomRow("dev", 1, 10), new RoomRow("lobby", 10, 10)]);

        Lines.Should().Equal("dev 1/10", "lobby 10/10");
    }

    [Fact]
    public void Members_ShowRoleKeyStateFingerprint_AndWhichIsYou()
    {
        new PlainChatOutput(_writer).WriteMembers("lobby",
        [
            new MemberRow("alice", IsHub: true, IsSelf: true, KeyChanged: false, "aa11"),
            new MemberRow("bob", IsHub: false, IsSelf: false, KeyChanged: true, "bb22"),
        ]);

        Lines.Should().Equal("alice hub ✓ aa11 (you)", "bob member ! bb22");
    }
}
