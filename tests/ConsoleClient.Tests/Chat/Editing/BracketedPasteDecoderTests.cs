using FluentAssertions;
using PyChat.ConsoleClient.Chat.Editing;

namespace PyChat.ConsoleClient.Tests.Chat.Editing;

public sealed class BracketedPasteDecoderTests
{
    private readonly BracketedPasteDecoder _decoder = new();

    [Fact]
    public void KeysOutsideAPaste_PassThrough()
    {
        Feed("ab").Should().Equal(Key('a'), Key('b'));
    }

    [Fact]
    public void TextBetweenTheMarkers_IsOnePaste_WithLineBreaksAsNewlines()
    {
        Feed("x\u001b[200~/who\rsecond\r\nthird\nend\u001b[201~y").Should().Equal(
            Key('x'), new TerminalInput.Paste("/who\nsecond\nthird\nend"), Key('y'));
    }

    [Fact]
    public void InAPaste_TabsBecomeSpaces_AndOtherControlCharactersAndEscapesAreDropped()
    {
        Feed("\u001b[200~a\tb\u0007c\u001bxd\u001b[201~").Should().Equal(new TerminalInput.Paste("a    bcxd"));
    }

    [Fact]
    public void AnEscapeThatStartsNoMarker_IsAnEscapeKey_AndWhatFollowsIsReadAgain()
    {
        Feed("\u001b[2x").Should().Equal(Key('\u001b'), Key('['), Key('2'), Key('x'));
        Feed("\u001b\u001b[200~p\u001b[201~").Should().Equal(Key('\u001b'), new TerminalInput.Paste("p"));
    }

    [Fact]
    public void ALoneEscape_IsHeld_UntilFlushed()
    {
        Feed("\u001b").Should().BeEmpty();
        _decoder.IsHolding.Should().BeTrue();

        _decoder.Flush().Should().Equal(Key('\u001b'));
        _decoder.IsHolding.Should().BeFalse();
    }

    [Fact]
    public void APasteWithoutItsEndYet_StaysOpen_WhenFlushed()
    {
        Feed("\u001b[200~half");

        _decoder.Flush().Should().BeEmpty();
        _decoder.InPaste.Should().BeTrue();
        Feed(" done\u001b[201~").Should().Equal(new TerminalInput.Paste("half done"));
    }

    private List<TerminalInput> Feed(string keys) => keys.SelectMany(c => _decoder.Feed(KeyInfo(c))).ToList();

    private static TerminalInput.Key Key(char c) => new(KeyInfo(c));

    // As .NET's ReadKey delivers them: Enter for CR, Escape for ESC, Tab, otherwise the character.
    private static ConsoleKeyInfo KeyInfo(char c) => c switch
    {
        '\r' => new ConsoleKeyInfo(c, ConsoleKey.Enter, false, false, false),
        '\u001b' => new ConsoleKeyInfo(c, ConsoleKey.Escape, false, false, false),
        '\t' => new ConsoleKeyInfo(c, ConsoleKey.Tab, false, false, false),
        _ => new ConsoleKeyInfo(c, ConsoleKey.None, false, false, false),
    };
}
