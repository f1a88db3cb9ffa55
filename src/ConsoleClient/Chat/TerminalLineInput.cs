using System.Text;
using PyChat.ConsoleClient.Rendering;

namespace PyChat.ConsoleClient.Chat;

/// <summary>
/// The input line at a terminal: a prompt at the bottom that keeps what the user is typing while messages
/// arrive. Before output is written it erases itself, and afterwards it redraws itself below the output
/// (<see cref="IWriteGuard"/>). A line longer than the screen scrolls sideways, so the input line never
/// wraps and can always be erased. Keys: Enter sends, Backspace deletes, Esc or Ctrl+U clears, Ctrl+D on
/// an empty line ends input (like /quit).
/// </summary>
internal sealed class TerminalLineInput(IKeyboard keyboard, TextWriter screen, Func<int> width) : ILineInput, IWriteGuard
{
    private const string Prompt = "> ";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(15);
    private readonly Lock _lock = new();
    private readonly StringBuilder _buffer = new();
    private bool _reading;

    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _reading = true;
            Draw();
        }

        while (true)
        {
            // Polling rather than a blocking ReadKey: a blocked ReadKey cannot be cancelled.
            if (!keyboard.KeyAvailable)
            {
                try
                {
                    await Task.Delay(PollInterval, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl+C: the half-typed line goes, so what the program says next starts a line of its own.
                    lock (_lock)
                    {
                        Erase();
                        _reading = false;
                    }

                    throw;
                }

                continue;
            }

            var key = keyboard.ReadKey();
            lock (_lock)
            {
                if (Apply(key, out var line))
                {
                    Erase();
                    _reading = false;
                    return line;
                }

                Erase();
                Draw();
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

    /// <summary>Applies one key; true when the line is finished (<paramref name="line"/> null at end of input).</summary>
    private bool Apply(ConsoleKeyInfo key, out string? line)
    {
        line = null;
        var control = (key.Modifiers & ConsoleModifiers.Control) != 0;
        switch (key.Key)
        {
            case ConsoleKey.Enter:
                line = _buffer.ToString();
                _buffer.Clear();
                return true;
            case ConsoleKey.D when control && _buffer.Length == 0:
                return true;
            case ConsoleKey.Backspace when _buffer.Length > 0:
                var remove = _buffer.Length > 1 && char.IsLowSurrogate(_buffer[^1]) ? 2 : 1;
                _buffer.Remove(_buffer.Length - remove, remove);
                return false;
            case ConsoleKey.Escape:
            case ConsoleKey.U when control:
                _buffer.Clear();
                return false;
            default:
                if (!char.IsControl(key.KeyChar) && key.KeyChar != '\0')
                {
                    _buffer.Append(key.KeyChar);
                }

                return false;
        }
    }

    // A terminal that reports no size (0) gets the traditional 80 columns.
    private int Usable => Math.Max((width() is > 0 and var w ? w : 80) - 1, Prompt.Length + 2);

    private void Draw()
    {
        var room = Usable - Prompt.Length;
        var text = _buffer.Length <= room ? _buffer.ToString() : "…" + _buffer.ToString(_buffer.Length - room + 1, room - 1);
        screen.Write(Prompt + text);
        screen.Flush();
    }

    private void Erase()
    {
        screen.Write('\r' + new string(' ', Usable) + '\r');
        screen.Flush();
    }
}
