using PyChat.ConsoleClient.Chat.Editing;
using PyChat.ConsoleClient.Rendering;

namespace PyChat.ConsoleClient.Chat;

/// <summary>
/// The input line at a terminal: a line editor at the bottom that keeps what the user is typing while messages arrive.
/// Before output is written it erases itself, and afterwards it redraws itself below the output
/// (<see cref="IWriteGuard"/>). A line longer than the screen scrolls sideways, so the input line never wraps and can
/// always be erased. The keys (docs/CONSOLE.md, "The room view") are the <see cref="LineEditor"/>'s; Enter sends, Ctrl+D
/// on an empty line ends input (like /quit). While it reads, the terminal is in bracketed-paste mode: a paste arrives
/// as one piece (<see cref="BracketedPasteDecoder"/>) and becomes part of a message, never a command, however many
/// lines it has; and the terminal reports focus (<see cref="FocusReports"/>), for the marker of what arrived while the
/// window was elsewhere. Disposing it turns both modes off again, as does Ctrl+C.
/// </summary>
internal sealed class TerminalLineInput(
    IKeyboard keyboard,
    TextWriter screen,
    Func<int> width,
    InputHistory? history = null,
    Func<IReadOnlyCollection<string>>? names = null) : ILineInput, IWriteGuard, IStatusLine, ITerminalFocus
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(15);

    // How long an Escape press waits for the rest of a paste marker before it counts as Escape alone; a terminal sends
    // the marker in one write, so this only matters for a press of Esc (like readline's keyseq-timeout, shorter).
    private static readonly TimeSpan EscapeWait = TimeSpan.FromMilliseconds(50);
    private readonly Lock _lock = new();
    private readonly LineEditor _editor = new(history ?? new InputHistory());
    private readonly InputLineLayout _layout = new();
    private readonly BracketedPasteDecoder _decoder = new();
    private readonly Queue<TerminalInput> _decoded = new(); // decoded keys not applied yet: they belong to the next line
    private bool _reading;
    private bool _modesOn; // bracketed paste and focus reports
    private string _status = "";
    private volatile bool _focused = true;
    private int _timesLost;

    public bool Focused => _focused;

    public int TimesLost => Volatile.Read(ref _timesLost);

    public async Task<InputLine?> ReadLineAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            SetTerminalModes(true);
            _reading = true;
            Draw();
        }

        var heldSince = DateTimeOffset.MinValue;
        while (true)
        {
            lock (_lock)
            {
                if (ApplyDecoded(out var line))
                {
                    return line;
                }
            }

            // Polling rather than a blocking ReadKey: a blocked ReadKey cannot be cancelled.
            if (!keyboard.KeyAvailable)
            {
                if (_decoder.IsHolding && DateTimeOffset.UtcNow - heldSince >= EscapeWait)
                {
                    Enqueue(_decoder.Flush());
                    continue;
                }

                try
                {
                    await Task.Delay(PollInterval, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl+C: the half-typed line goes, so what the program says next starts a line of its own; and the
                    // terminal leaves paste mode now, in case a second Ctrl+C ends the process before it is disposed.
                    StopReading(leaveTerminalModes: true);
                    throw;
                }

                continue;
            }

            // Every key that is there is decoded before the line is drawn again: a paste of many keys is drawn once.
            try
            {
                while (keyboard.KeyAvailable)
                {
                    Enqueue(_decoder.Feed(keyboard.ReadKey()));
                }
            }
            catch (EndOfStreamException)
            {
                // The terminal went away: end of input, as Ctrl+D on an empty line.
                StopReading(leaveTerminalModes: false);
                return null;
            }

            if (_decoder.IsHolding)
            {
                heldSince = DateTimeOffset.UtcNow;
            }
        }
    }

    public void BeforeWrite()
    {
        _lock.Enter();
        if (_reading)
        {
            Erase();
        }
    }

    public void AfterWrite()
    {
        if (_reading)
        {
            Draw();
        }

        _lock.Exit();
    }

    private void StopReading(bool leaveTerminalModes)
    {
        lock (_lock)
        {
            Erase();
            _reading = false;
            if (leaveTerminalModes)
            {
                SetTerminalModes(false);
            }
        }
    }

    public void ShowStatus(Func<string> make)
    {
        lock (_lock)
        {
            var status = make();
            if (status == _status)
            {
                return;
            }

            _status = status;
            if (_reading)
            {
                Erase();
                Draw();
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            SetTerminalModes(false);
        }
    }

    private void Enqueue(IReadOnlyList<TerminalInput> inputs)
    {
        foreach (var input in inputs)
        {
            _decoded.Enqueue(input);
        }
    }

    /// <summary>Applies what was decoded; true when a line is finished (<paramref name="line"/> null at end of input).</summary>
    private bool ApplyDecoded(out InputLine? line)
    {
        line = null;
        if (_decoded.Count == 0)
        {
            return false;
        }

        while (_decoded.TryDequeue(out var input))
        {
            var finished = input switch
            {
                TerminalInput.Paste paste => Paste(paste.Text),
                TerminalInput.Key key => Apply(key.Info, out line),
                _ => false,
            };
            if (finished)
            {
                Erase();
                _reading = false;
                return true;
            }
        }

        Erase();
        Draw();
        return false;
    }

    private bool Paste(string text)
    {
        _editor.Paste(text);
        return false;
    }

    /// <summary>Applies one key; true when the line is finished (<paramref name="line"/> null at end of input).</summary>
    private bool Apply(ConsoleKeyInfo key, out InputLine? line)
    {
        line = null;
        var control = (key.Modifiers & ConsoleModifiers.Control) != 0;
        var alt = (key.Modifiers & ConsoleModifiers.Alt) != 0;
        if (key.Key == FocusReports.Lost && key.Modifiers == 0)
        {
            _focused = false;
            Interlocked.Increment(ref _timesLost);
            return false;
        }

        _focused = true; // a focus report, or a key: someone is at the terminal
        switch (key.Key)
        {
            case >= ConsoleKey.D1 and <= ConsoleKey.D9 when alt:
                // Alt+N: window N. What is being typed stays in the editor, for whichever window it is sent in.
                line = new InputLine($"/win {key.Key - ConsoleKey.D0}");
                return true;
            case ConsoleKey.Enter:
                line = _editor.Submit();
                return true;
            case ConsoleKey.D when control && _editor.IsEmpty:
                return true;
            case ConsoleKey.D when control:
            case ConsoleKey.Delete:
                _editor.Delete();
                break;
            case ConsoleKey.Backspace:
                _editor.Backspace();
                break;
            case ConsoleKey.LeftArrow:
            case ConsoleKey.B when control:
                _editor.Left();
                break;
            case ConsoleKey.RightArrow:
            case ConsoleKey.F when control:
                _editor.Right();
                break;
            case ConsoleKey.Home:
            case ConsoleKey.A when control:
                _editor.Home();
                break;
            case ConsoleKey.End:
            case ConsoleKey.E when control:
                _editor.End();
                break;
            case ConsoleKey.W when control:
                _editor.DeleteWordBefore();
                break;
            case ConsoleKey.U when control:
                _editor.DeleteToStart();
                break;
            case ConsoleKey.K when control:
                _editor.DeleteToEnd();
                break;
            case ConsoleKey.Escape:
                _editor.Clear();
                break;
            case ConsoleKey.UpArrow:
                _editor.HistoryBack();
                break;
            case ConsoleKey.DownArrow:
                _editor.HistoryForward();
                break;
            case ConsoleKey.Tab:
                _editor.Complete(names?.Invoke() ?? []);
                break;
            default:
                if (!char.IsControl(key.KeyChar) && key.KeyChar != '\0')
                {
                    _editor.Type(key.KeyChar.ToString());
                }

                break;
        }

        return false;
    }

    private void SetTerminalModes(bool on)
    {
        if (_modesOn != on)
        {
            _modesOn = on;
            screen.Write(on ? BracketedPasteDecoder.On + FocusReports.On : BracketedPasteDecoder.Off + FocusReports.Off);
            screen.Flush();
        }
    }

    // A terminal that reports no size (0) gets the traditional 80 columns; the last column stays free, so that drawing
    // up to it never makes the terminal wrap.
    private int Usable => Math.Max((width() is > 0 and var w ? w : 80) - 1, InputLineLayout.Prompt.Length + 2);

    private void Draw()
    {
        var (row, cursor) = _layout.Layout(_editor, Usable, _status);
        screen.Write(row);
        if (cursor != Editing.TextWidth.Of(row))
        {
            // The cursor is not at the end: back to the start of the row and right to the editor's cursor.
            screen.Write(cursor == 0 ? "\r" : $"\r\u001b[{cursor}C");
        }

        screen.Flush();
    }

    private void Erase()
    {
        screen.Write('\r' + new string(' ', Usable) + '\r');
        screen.Flush();
    }
}
