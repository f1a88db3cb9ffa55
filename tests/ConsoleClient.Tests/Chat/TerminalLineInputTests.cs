using System.Collections.Concurrent;
using FluentAssertions;
using PyChat.ConsoleClient.Chat;
using PyChat.ConsoleClient.Chat.Editing;

namespace PyChat.ConsoleClient.Tests.Chat;

public sealed class TerminalLineInputTests
{
    private const string PasteOn = "\u001b[?2004h";
    private const string PasteOff = "\u001b[?2004l\u001b[?1004l"; // bracketed paste and focus reports off
    private readonly ScriptedKeyboard _keyboard = new();
    private readonly StringWriter _screen = new();

    private TerminalLineInput Create(int width = 40, Func<IReadOnlyCollection<string>>? names = null) =>
        new(_keyboard, _screen, () => width, new InputHistory(), names);

    [Fact]
    public async Task TypedKeys_WithBackspace_MakeTheLine()
    {
        _keyboard.Type("helo");
        _keyboard.Press(ConsoleKey.Backspace);
        var input = Create();
        var reading = input.ReadLineAsync(CancellationToken.None);
        await WaitUntil(() => _screen.ToString().EndsWith("> hel", StringComparison.Ordinal));
        _keyboard.Type("lo");
        _keyboard.Press(ConsoleKey.Enter, '\r');

        (await reading.WaitAsync(TimeSpan.FromSeconds(60))).Should().Be(new InputLine("hello"));
        _screen.ToString().Should().EndWith("\r", "the line is erased once sent");
    }

    [Fact]
    public async Task EditingInTheMiddle_WithLeftAndEnd_MakesTheLine_AndTheCursorIsDrawnWhereItIs()
    {
        _keyboard.Type("helo");
        _keyboard.Press(ConsoleKey.LeftArrow);
        _keyboard.Type("l");
        var input = Create();
        var reading = input.ReadLineAsync(CancellationToken.None);

        // After the row is drawn the terminal cursor goes back to column 6 (after "> hell"), where the next key lands.
        await WaitUntil(() => _screen.ToString().EndsWith("> hello\r\u001b[6C", StringComparison.Ordinal));
        _keyboard.Press(ConsoleKey.End);
        _keyboard.Type(" world");
        _keyboard.Press(ConsoleKey.Enter, '\r');

        (await reading.WaitAsync(TimeSpan.FromSeconds(60))).Should().Be(new InputLine("hello world"));
    }

    [Fact]
    public async Task ControlKeys_MoveAndDelete_WordsAndEnds()
    {
        _keyboard.Type("say hello there");
        _keyboard.Press(ConsoleKey.W, '\u0017', control: true); // "say hello "
        _keyboard.Press(ConsoleKey.A, '\u0001', control: true);
        _keyboard.Press(ConsoleKey.Delete);                      // "ay hello "
        _keyboard.Press(ConsoleKey.E, '\u0005', control: true);
        _keyboard.Type("you");                                   // "ay hello you"
        _keyboard.Press(ConsoleKey.Home);
        _keyboard.Press(ConsoleKey.RightArrow);
        _keyboard.Press(ConsoleKey.RightArrow);
        _keyboard.Press(ConsoleKey.K, '\u000b', control: true);  // "ay"
        _keyboard.Type(", ok");
        _keyboard.Press(ConsoleKey.Enter, '\r');

        (await Create().ReadLineAsync(CancellationToken.None)).Should().Be(new InputLine("ay, ok"));
    }

    [Fact]
    public async Task CtrlU_DeletesUpToTheCursor_AndKeepsTheRest()
    {
        _keyboard.Type("drop keep");
        for (var i = 0; i < 4; i++)
        {
            _keyboard.Press(ConsoleKey.LeftArrow);
        }

        _keyboard.Press(ConsoleKey.U, '\u0015', control: true);
        _keyboard.Press(ConsoleKey.Enter, '\r');

        (await Create().ReadLineAsync(CancellationToken.None)).Should().Be(new InputLine("keep"));
    }

    [Fact]
    public async Task Up_RecallsTheLineSentBefore_AndDown_BringsBackWhatWasBeingTyped()
    {
        var input = Create();
        _keyboard.Type("first line");
        _keyboard.Press(ConsoleKey.Enter, '\r');
        (await input.ReadLineAsync(CancellationToken.None)).Should().Be(new InputLine("first line"));

        _keyboard.Type("half");
        _keyboard.Press(ConsoleKey.UpArrow);
        _keyboard.Type(" again");
        _keyboard.Press(ConsoleKey.Enter, '\r');
        (await input.ReadLineAsync(CancellationToken.None)).Should().Be(new InputLine("first line again"));

        _keyboard.Type("draft");
        _keyboard.Press(ConsoleKey.UpArrow);
        _keyboard.Press(ConsoleKey.UpArrow);
        _keyboard.Press(ConsoleKey.DownArrow);
        _keyboard.Press(ConsoleKey.DownArrow);
        _keyboard.Press(ConsoleKey.Enter, '\r');
        (await input.ReadLineAsync(CancellationToken.None)).Should().Be(new InputLine("draft"));
    }

    [Fact]
    public async Task Tab_CompletesAMembersName()
    {
        _keyboard.Type("bo");
        _keyboard.Press(ConsoleKey.Tab, '\t');
        _keyboard.Type("hi");
        _keyboard.Press(ConsoleKey.Enter, '\r');

        (await Create(names: () => ["alice", "bob"]).ReadLineAsync(CancellationToken.None)).Should().Be(new InputLine("bob: hi"));
    }

    [Fact]
    public async Task Interrupted_WhileTyping_TheLineIsErased_SoTheNextOutputStartsALine_AndPasteModeIsOff()
    {
        _keyboard.Type("half a li");
        using var interrupt = new CancellationTokenSource();
        var input = Create();
        var read = input.ReadLineAsync(interrupt.Token);
        await WaitUntil(() => _screen.ToString().Contains("> half a li", StringComparison.Ordinal));

        await interrupt.CancelAsync();

        await read.Awaiting(r => r).Should().ThrowAsync<OperationCanceledException>();
        _screen.ToString().Should().StartWith(PasteOn).And.EndWith("> half a li" + "\r" + new string(' ', 39) + "\r" + PasteOff);
        input.BeforeWrite();
        input.AfterWrite();
        _screen.ToString().Should().EndWith(PasteOff, "an input that ended is not drawn again");
    }

    [Fact]
    public async Task PasteMode_IsOnWhileReading_AndOffOnceDisposed()
    {
        var input = Create();
        _keyboard.Press(ConsoleKey.Enter, '\r');
        await input.ReadLineAsync(CancellationToken.None);
        _screen.ToString().Should().StartWith(PasteOn).And.NotContain(PasteOff, "between two lines a paste must still arrive bracketed");

        input.Dispose();

        _screen.ToString().Should().EndWith(PasteOff);
    }

    [Fact]
    public async Task ABracketedPaste_IsOneMultiLineMessage_MarkedPasted_AndOneEnterSendsIt()
    {
        _keyboard.Paste("/who\rsecond line");
        var input = Create(width: 80);
        var reading = input.ReadLineAsync(CancellationToken.None);

        // The pasted line break is not Enter: the line waits, saying what it holds and what Enter does.
        await WaitUntil(() => _screen.ToString().Contains("[2 lines, Enter sends them as one message] > /who⏎second line", StringComparison.Ordinal));
        reading.IsCompleted.Should().BeFalse();
        _keyboard.Press(ConsoleKey.Enter, '\r');

        (await reading.WaitAsync(TimeSpan.FromSeconds(60))).Should().Be(new InputLine("/who\nsecond line", Pasted: true));
    }

    [Fact]
    public async Task AltAndADigit_AsksForThatWindow_AndWhatIsTypedStays()
    {
        var input = Create();
        _keyboard.Type("half");
        _keyboard.Press(ConsoleKey.D2, '2', alt: true);
        (await input.ReadLineAsync(CancellationToken.None)).Should().Be(new InputLine("/win 2"));

        // A terminal's Escape and digit, read in one burst, are Alt+digit too.
        _keyboard.Press(ConsoleKey.Escape, '\u001b');
        _keyboard.Type("3");
        (await input.ReadLineAsync(CancellationToken.None)).Should().Be(new InputLine("/win 3"));

        _keyboard.Type(" done");
        _keyboard.Press(ConsoleKey.Enter, '\r');
        (await input.ReadLineAsync(CancellationToken.None)).Should().Be(new InputLine("half done"));
    }

    [Fact]
    public async Task TheStatus_IsDrawnBeforeThePrompt_AndRedrawnWhenItChanges()
    {
        var input = Create(width: 60);
        _keyboard.Type("hi");
        var reading = input.ReadLineAsync(CancellationToken.None);
        await WaitUntil(() => _screen.ToString().EndsWith("> hi", StringComparison.Ordinal));

        input.ShowStatus(() => "1:lobby(3) [2:dev]");

        _screen.ToString().Should().EndWith("1:lobby(3) [2:dev] > hi");
        _keyboard.Press(ConsoleKey.Enter, '\r');
        (await reading.WaitAsync(TimeSpan.FromSeconds(60))).Should().Be(new InputLine("hi"));
    }

    [Fact]
    public async Task FocusReports_AsDotnetDeliversThem_SayWhereTheWindowIs_AndLeaveTheLineAlone()
    {
        var input = Create();
        _keyboard.Type("ab");
        _keyboard.Press(ConsoleKey.F3); // ESC [ O: focus lost
        var reading = input.ReadLineAsync(CancellationToken.None);
        await WaitUntil(() => !input.Focused);
        input.TimesLost.Should().Be(1);
        _keyboard.Press(ConsoleKey.Enter, '\r');
        (await reading.WaitAsync(TimeSpan.FromSeconds(60))).Should().Be(new InputLine("ab"), "a focus report is not a key of the line");

        _keyboard.Press(ConsoleKey.PageUp); // ESC [ I: focus back
        _keyboard.Type("c");
        _keyboard.Press(ConsoleKey.F3);
        _keyboard.Type("d"); // a key pressed: someone is there after all
        _keyboard.Press(ConsoleKey.Enter, '\r');
        (await input.ReadLineAsync(CancellationToken.None)).Should().Be(new InputLine("cd"));
        input.Focused.Should().BeTrue();
        input.TimesLost.Should().Be(2);
        _screen.ToString().Should().Contain("\u001b[?1004h", "the terminal is asked to report focus while the line is read");
    }

    [Fact]
    public async Task Escape_ClearsTheLine()
    {
        _keyboard.Type("oops");
        _keyboard.Press(ConsoleKey.Escape, '\u001b');
        _keyboard.Type("ok");
        _keyboard.Press(ConsoleKey.Enter, '\r');

        (await Create().ReadLineAsync(CancellationToken.None)).Should().Be(new InputLine("ok"));
    }

    [Fact]
    public async Task Escape_PressedAlone_ClearsTheLine_OnceNoMarkerFollows()
    {
        _keyboard.Type("oops");
        _keyboard.Press(ConsoleKey.Escape, '\u001b');
        var input = Create();
        var reading = input.ReadLineAsync(CancellationToken.None);
        await WaitUntil(() => _screen.ToString().EndsWith("\r> ", StringComparison.Ordinal));

        _keyboard.Type("ok");
        _keyboard.Press(ConsoleKey.Enter, '\r');
        (await reading.WaitAsync(TimeSpan.FromSeconds(60))).Should().Be(new InputLine("ok"));
    }

    [Fact]
    public async Task CtrlD_OnAnEmptyLine_IsEndOfInput()
    {
        _keyboard.Press(ConsoleKey.D, '\u0004', control: true);

        (await Create().ReadLineAsync(CancellationToken.None)).Should().BeNull();
    }

    [Fact]
    public async Task KeysTypedAfterEnter_AreKeptForTheNextLine()
    {
        var input = Create();
        _keyboard.Type("one");
        _keyboard.Press(ConsoleKey.Enter, '\r');
        _keyboard.Type("two");
        _keyboard.Press(ConsoleKey.Enter, '\r');

        (await input.ReadLineAsync(CancellationToken.None)).Should().Be(new InputLine("one"));
        (await input.ReadLineAsync(CancellationToken.None)).Should().Be(new InputLine("two"));
    }

    [Fact]
    public async Task OutputWrittenWhileTyping_ErasesAndRedrawsTheInputLine()
    {
        var input = Create();
        _keyboard.Type("half");
        var reading = input.ReadLineAsync(CancellationToken.None);
        await WaitUntil(() => _screen.ToString().Contains("> half", StringComparison.Ordinal));

        input.BeforeWrite();
        _screen.WriteLine("12:00:00 bob ✓ hi");
        input.AfterWrite();
        _keyboard.Press(ConsoleKey.Enter, '\r');

        (await reading.WaitAsync(TimeSpan.FromSeconds(60))).Should().Be(new InputLine("half"));
        _screen.ToString().Should().Contain("\r                                       \r12:00:00 bob ✓ hi\n> half");
    }

    [Fact]
    public async Task ALongLine_ScrollsSideways_InsteadOfWrapping()
    {
        _keyboard.Type(new string('x', 30) + "END");
        var input = Create(width: 20);
        var reading = input.ReadLineAsync(CancellationToken.None);
        await WaitUntil(() => _screen.ToString().EndsWith("END", StringComparison.Ordinal));
        _keyboard.Press(ConsoleKey.Enter, '\r');

        (await reading.WaitAsync(TimeSpan.FromSeconds(60)))!.Text.Should().HaveLength(33);
        var drawn = _screen.ToString().Replace(PasteOn, "", StringComparison.Ordinal);
        drawn.Split('\r').Should().OnlyContain(segment => segment.Length <= 19);
        drawn.Should().Contain("> …" + new string('x', 13) + "END");
    }

    [Fact]
    public async Task Cancellation_StopsWaitingForKeys()
    {
        using var cancel = new CancellationTokenSource();
        var reading = Create().ReadLineAsync(cancel.Token);
        await cancel.CancelAsync();

        var wait = () => reading.WaitAsync(TimeSpan.FromSeconds(60));
        await wait.Should().ThrowAsync<OperationCanceledException>();
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }

    private sealed class ScriptedKeyboard : IKeyboard
    {
        private readonly ConcurrentQueue<ConsoleKeyInfo> _keys = new();

        public bool KeyAvailable => !_keys.IsEmpty;

        public ConsoleKeyInfo ReadKey() => _keys.TryDequeue(out var key) ? key : throw new InvalidOperationException("no key");

        public void Type(string text)
        {
            foreach (var c in text)
            {
                _keys.Enqueue(new ConsoleKeyInfo(c, ConsoleKey.A, shift: false, alt: false, control: false));
            }
        }

        public void Press(ConsoleKey key, char c = '\0', bool control = false, bool alt = false) =>
            _keys.Enqueue(new ConsoleKeyInfo(c, key, shift: false, alt, control));

        /// <summary>What a terminal in bracketed-paste mode sends for a paste, key by key as .NET's ReadKey delivers it.</summary>
        public void Paste(string text)
        {
            Press(ConsoleKey.Escape, '\u001b');
            Type("[200~");
            foreach (var c in text)
            {
                if (c == '\r')
                {
                    Press(ConsoleKey.Enter, '\r');
                }
                else
                {
                    Type(c.ToString());
                }
            }

            Press(ConsoleKey.Escape, '\u001b');
            Type("[201~");
        }
    }
}
