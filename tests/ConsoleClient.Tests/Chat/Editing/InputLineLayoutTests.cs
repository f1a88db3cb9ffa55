using FluentAssertions;
using PyChat.ConsoleClient.Chat.Editing;

namespace PyChat.ConsoleClient.Tests.Chat.Editing;

public sealed class InputLineLayoutTests
{
    private readonly LineEditor _editor = new(new InputHistory());
    private readonly InputLineLayout _layout = new();

    [Fact]
    public void AShortLine_IsShownWhole_WithTheCursorAfterTheTextAtTheEnd()
    {
        _editor.Type("hi 中");

        _layout.Layout(_editor, 40).Should().Be(("> hi 中", 7), "the wide character takes two columns");
    }

    [Fact]
    public void TheCursorColumn_CountsColumnsNotChars()
    {
        _editor.Type("中😀x");
        _editor.Left();

        _layout.Layout(_editor, 40).Should().Be(("> 中😀x", 6));
    }

    [Fact]
    public void ALongLine_ShowsTheEndWithTheCursor_AndMarksWhatIsOutOfSight()
    {
        _editor.Type(new string('x', 30) + "END");

        var (row, cursor) = _layout.Layout(_editor, 19);

        row.Should().Be("> …" + new string('x', 13) + "END");
        cursor.Should().Be(19);
    }

    [Fact]
    public void MovingLeftPastTheStartInSight_ScrollsBack_AndTheCursorStaysInSight()
    {
        _editor.Type(string.Concat(Enumerable.Range(0, 40).Select(i => (char)('a' + (i % 26)))));
        _layout.Layout(_editor, 20);
        _editor.Home();

        var (row, cursor) = _layout.Layout(_editor, 20);

        row.Should().StartWith("> abc").And.EndWith("…");
        row.Length.Should().BeLessThanOrEqualTo(20);
        cursor.Should().Be(2);
    }

    [Fact]
    public void WideCharacters_AreNeverSplit_AtTheEdgeOfWhatFits()
    {
        _editor.Type(string.Concat(Enumerable.Repeat("中", 20)));

        for (var columns = 10; columns <= 16; columns++)
        {
            var (row, cursor) = _layout.Layout(_editor, columns);
            TextWidth.Of(row).Should().BeLessThanOrEqualTo(columns);
            cursor.Should().BeLessThanOrEqualTo(columns).And.Be(TextWidth.Of(row), "the cursor is at the end, after the last character shown");
            row.Should().MatchRegex("^> …(中)+$");
        }

        _editor.Home();
        _layout.Layout(_editor, 11);
        _editor.Right();
        var (start, atSecond) = _layout.Layout(_editor, 11);
        start.Should().Be("> 中中中中…", "four wide characters and the mark fit in 9 columns after the prompt");
        atSecond.Should().Be(4);
    }

    [Fact]
    public void HalfAnEmoji_TypedSoFar_IsDrawnAsAReplacementCharacter_NotWrittenAsIs()
    {
        _editor.Type("a\uD83D");

        _layout.Layout(_editor, 40).Should().Be(("> a\uFFFD", 4));
        _editor.Type("\uDE00");
        _layout.Layout(_editor, 40).Should().Be(("> a😀", 5));
    }

    [Fact]
    public void ALineBreak_ShowsAsAMark_AndThePromptSaysHowManyLinesAndWhatEnterDoes()
    {
        _editor.Paste("first\nsecond\nthird");

        _layout.Layout(_editor, 79).Row.Should().Be("[3 lines, Enter sends them as one message] > first⏎second⏎third");
        _layout.Layout(_editor, 40).Row.Should().StartWith("[3 lines] > first⏎");
    }
}
