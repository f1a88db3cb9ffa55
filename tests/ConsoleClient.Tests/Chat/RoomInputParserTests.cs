using FluentAssertions;
using PyChat.ConsoleClient.Chat;

namespace PyChat.ConsoleClient.Tests.Chat;

public sealed class RoomInputParserTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void BlankLines_AreIgnored(string line) => RoomInputParser.Parse(line).Should().BeNull();

    [Fact]
    public void Text_IsAMessage_KeepingInnerAndLeadingSpaces() =>
        RoomInputParser.Parse("  hello   world  ").Should().Be(new RoomInput.Say("  hello   world"));

    [Theory]
    [InlineData("/who\nsecond line", "/who\nsecond line")]
    [InlineData("/quit", "/quit")]
    [InlineData("//x", "//x")]
    [InlineData("\n\ncode:\n    indented\n\n", "code:\n    indented")]
    public void PastedText_IsAMessage_AsItIs_NeverACommand(string pasted, string sent) =>
        RoomInputParser.Parse(new InputLine(pasted, Pasted: true)).Should().Be(new RoomInput.Say(sent));

    [Fact]
    public void APasteOfBlanksOnly_IsIgnored() => RoomInputParser.Parse(new InputLine(" \n \n", Pasted: true)).Should().BeNull();

    [Fact]
    public void TypedText_IsParsed_AsBefore() =>
        RoomInputParser.Parse(new InputLine("/who")).Should().Be(new RoomInput.Who());

    [Fact]
    public void DoubleSlash_SendsAMessageStartingWithOneSlash() =>
        RoomInputParser.Parse("//who is there").Should().Be(new RoomInput.Say("/who is there"));

    [Theory]
    [InlineData("/who")]
    [InlineData("/WHO")]
    [InlineData("  /who  ")]
    [InlineData("/members")]
    public void Who_ListsMembers(string line) => RoomInputParser.Parse(line).Should().Be(new RoomInput.Who());

    [Fact]
    public void Verify_TakesAName_LowerCased() =>
        RoomInputParser.Parse("/verify Bob").Should().Be(new RoomInput.Verify("bob"));

    [Fact]
    public void Trust_TakesAName() =>
        RoomInputParser.Parse("/trust carol").Should().Be(new RoomInput.Trust("carol"));

    [Theory]
    [InlineData("/leave", typeof(RoomInput.Leave))]
    [InlineData("/part", typeof(RoomInput.Leave))]
    [InlineData("/rooms", typeof(RoomInput.Rooms))]
    [InlineData("/help", typeof(RoomInput.Help))]
    [InlineData("/?", typeof(RoomInput.Help))]
    [InlineData("/quit", typeof(RoomInput.Quit))]
    [InlineData("/exit", typeof(RoomInput.Quit))]
    public void SimpleCommands_AreRecognised(string line, Type expected) =>
        RoomInputParser.Parse(line).Should().BeOfType(expected);

    [Theory]
    [InlineData("/verify", "Usage: /verify NAME")]
    [InlineData("/trust a b", "Usage: /trust NAME")]
    [InlineData("/verify Bad!", "not a valid user name")]
    [InlineData("/who me", "/who takes no arguments")]
    [InlineData("/dance", "Unknown command /dance")]
    [InlineData("/join", "Usage: /join ROOM")]
    [InlineData("/join No Way", "Usage: /join ROOM")]
    [InlineData("/create bad!", "not a valid room name")]
    [InlineData("/win", "Usage: /win N")]
    [InlineData("/win 0", "Usage: /win N")]
    [InlineData("/win two", "Usage: /win N")]
    public void Mistakes_AreInvalid_WithTheReason(string line, string expected) =>
        RoomInputParser.Parse(line).Should().BeOfType<RoomInput.Invalid>().Which.Problem.Should().Contain(expected);

    [Fact]
    public void JoinAndCreate_TakeARoomName_LowerCased()
    {
        RoomInputParser.Parse("/join Dev").Should().Be(new RoomInput.Join("dev", Create: false));
        RoomInputParser.Parse("/create ops").Should().Be(new RoomInput.Join("ops", Create: true));
    }

    [Theory]
    [InlineData("/win 2", 2)]
    [InlineData("/window 12", 12)]
    public void Win_TakesTheWindowsNumber(string line, int number) =>
        RoomInputParser.Parse(line).Should().Be(new RoomInput.Window(number));
}
