using FluentAssertions;
using PyChat.ConsoleClient.Chat;
using PyChat.ConsoleClient.Chat.Editing;

namespace PyChat.ConsoleClient.Tests.Chat.Editing;

public sealed class LineEditorTests
{
    private const string Family = "👨‍👩‍👧"; // man, ZWJ, woman, ZWJ, girl: one text element of 8 chars
    private readonly InputHistory _history = new();
    private readonly LineEditor _editor;

    public LineEditorTests() => _editor = new LineEditor(_history);

    [Fact]
    public void Typing_InsertsAtTheCursor()
    {
        _editor.Type("helo");
        _editor.Left();
        _editor.Type("l");
        _editor.End();
        _editor.Type("!");

        _editor.Text.Should().Be("hello!");
        _editor.Cursor.Should().Be(6);
    }

    [Fact]
    public void LeftAndRight_StopAtTheEnds()
    {
        _editor.Type("ab");
        _editor.Right();
        _editor.Cursor.Should().Be(2);
        _editor.Left();
        _editor.Left();
        _editor.Left();
        _editor.Cursor.Should().Be(0);
        _editor.Backspace();
        _editor.Text.Should().Be("ab", "Backspace at the start deletes nothing");
    }

    [Fact]
    public void HomeAndEnd_GoToTheEnds()
    {
        _editor.Type("middle");
        _editor.Home();
        _editor.Type("[");
        _editor.End();
        _editor.Type("]");

        _editor.Text.Should().Be("[middle]");
    }

    [Fact]
    public void BackspaceAndDelete_RemoveTheElementBeforeAndAtTheCursor()
    {
        _editor.Type("abcd");
        _editor.Left();
        _editor.Left();
        _editor.Backspace();
        _editor.Delete();

        _editor.Text.Should().Be("ad");
        _editor.Cursor.Should().Be(1);
    }

    [Fact]
    public void DeleteWordBefore_TakesTheWordAndTheBlanksBeforeTheCursor()
    {
        _editor.Type("one two  three");
        _editor.DeleteWordBefore();
        _editor.Text.Should().Be("one two  ");
        _editor.DeleteWordBefore();
        _editor.Text.Should().Be("one ");
        _editor.Home();
        _editor.DeleteWordBefore();
        _editor.Text.Should().Be("one ", "nothing is before the cursor");
    }

    [Fact]
    public void DeleteToStartAndToEnd_SplitAtTheCursor()
    {
        _editor.Type("keep|drop");
        _editor.Home();
        for (var i = 0; i < 4; i++)
        {
            _editor.Right();
        }

        _editor.DeleteToEnd();
        _editor.Text.Should().Be("keep");
        _editor.Left();
        _editor.DeleteToStart();
        _editor.Text.Should().Be("p");
        _editor.Cursor.Should().Be(0);
    }

    [Theory]
    [InlineData("中")]           // CJK, one char, two columns
    [InlineData("😀")]           // a surrogate pair
    [InlineData(Family)]         // a ZWJ sequence
    [InlineData("e\u0301")]      // e and a combining acute accent
    [InlineData("🇫🇷")]          // a flag: two regional indicators
    public void AWideCharacterOrEmoji_IsOneStepAndOneBackspace(string element)
    {
        _editor.Type("a" + element + "b");
        _editor.Left();
        _editor.Left();
        _editor.Cursor.Should().Be(1, "one Left over b, one over the whole element");
        _editor.Right();
        _editor.Cursor.Should().Be(1 + element.Length);
        _editor.Backspace();

        _editor.Text.Should().Be("ab");
    }

    [Fact]
    public void ASurrogatePairTypedAsTwoKeys_BecomesOneElement()
    {
        _editor.Type("\uD83D");
        _editor.Type("\uDE00");
        _editor.Left();

        _editor.Cursor.Should().Be(0);
        _editor.Boundaries.Should().Equal(0, 2);
    }

    [Fact]
    public void AJoinerTypedBetweenTwoEmoji_JoinsThem_AndTheCursorNeverEndsInsideOne()
    {
        _editor.Type("👨👩");
        _editor.Left();
        _editor.Type("\u200D");

        _editor.Boundaries.Should().Equal(0, 5);
        _editor.Cursor.Should().Be(5);
    }

    [Fact]
    public void Paste_KeepsLineBreaks_AndMarksTheLine_UntilItIsEmptied()
    {
        _editor.Type("see: ");
        _editor.Paste("/who\nsecond line");

        _editor.Text.Should().Be("see: /who\nsecond line");
        _editor.LineCount.Should().Be(2);
        _editor.HoldsPaste.Should().BeTrue();
        _editor.Clear();
        _editor.HoldsPaste.Should().BeFalse("an emptied line is typed anew");
    }

    [Fact]
    public void Submit_GivesTheLine_WithWhetherItHoldsAPaste_AndEmptiesTheEditor()
    {
        _editor.Paste("pasted");
        _editor.Submit().Should().Be(new InputLine("pasted", Pasted: true));
        _editor.Type("typed");
        _editor.Submit().Should().Be(new InputLine("typed"));

        _editor.IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void Up_GoesBackThroughSentLines_AndDown_ReturnsToTheLineBeingTyped()
    {
        Send("first");
        Send("second");
        _editor.Type("draft");
        _editor.Left();

        _editor.HistoryBack();
        _editor.Text.Should().Be("second");
        _editor.Cursor.Should().Be(6, "a recalled line has the cursor at its end");
        _editor.HistoryBack();
        _editor.Text.Should().Be("first");
        _editor.HistoryBack();
        _editor.Text.Should().Be("first", "there is nothing older");
        _editor.HistoryForward();
        _editor.Text.Should().Be("second");
        _editor.HistoryForward();
        _editor.Text.Should().Be("draft");
        _editor.HistoryForward();
        _editor.Text.Should().Be("draft");
    }

    [Fact]
    public void History_KeepsWhetherALineWasPasted_AndSkipsBlankAndRepeatedLines()
    {
        _editor.Paste("/who\nis here");
        _editor.Submit();
        Send("   ");
        Send("again");
        Send("again");

        _history.Count.Should().Be(2);
        _editor.HistoryBack();
        _editor.HistoryBack();
        _editor.Submit().Should().Be(new InputLine("/who\nis here", Pasted: true), "a recalled paste is still never a command");
    }

    [Fact]
    public void Tab_CompletesTheOnlyMatch_WithAColonAtTheStartOfTheLine()
    {
        _editor.Type("bo");
        _editor.Complete(["alice", "bob"]);

        _editor.Text.Should().Be("bob: ");
    }

    [Fact]
    public void Tab_CompletesAWordElsewhere_WithASpace_AndKeepsWhatFollowsTheCursor()
    {
        _editor.Type("/verify al later");
        for (var i = 0; i < 6; i++)
        {
            _editor.Left();
        }

        _editor.Complete(["alice", "bob"]);

        _editor.Text.Should().Be("/verify alice  later");
        _editor.Cursor.Should().Be("/verify alice ".Length);
    }

    [Fact]
    public void Tab_OnSeveralMatches_CompletesWhatTheyShare_ThenCyclesThroughThem()
    {
        _editor.Type("a");
        string[] names = ["anna", "annabel", "bob"];

        _editor.Complete(names);
        _editor.Text.Should().Be("anna");
        _editor.Complete(names);
        _editor.Text.Should().Be("anna: ");
        _editor.Complete(names);
        _editor.Text.Should().Be("annabel: ");
        _editor.Complete(names);
        _editor.Text.Should().Be("anna: ", "the cycle starts over");
    }

    [Fact]
    public void Tab_WithNoMatch_ChangesNothing_AndAnEditEndsTheCycle()
    {
        _editor.Type("zed");
        _editor.Complete(["alice"]);
        _editor.Text.Should().Be("zed");

        _editor.Clear();
        _editor.Type("al");
        string[] names = ["alan", "alice"];
        _editor.Complete(names);
        _editor.Text.Should().Be("alan: ");
        _editor.Type("x");
        _editor.Complete(names);
        _editor.Text.Should().Be("alan: x", "after an edit Tab completes the new word (x: no match), not the next name");
    }

    private void Send(string text)
    {
        _editor.Type(text);
        _editor.Submit();
    }
}
