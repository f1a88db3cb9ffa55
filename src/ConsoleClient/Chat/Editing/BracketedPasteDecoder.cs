using System.Text;

namespace PyChat.ConsoleClient.Chat.Editing;

/// <summary>
/// Finds bracketed pastes in the keys the terminal sends. With mode 2004 on (<see cref="On"/>), a terminal wraps what
/// is pasted in <c>ESC [ 2 0 0 ~</c> … <c>ESC [ 2 0 1 ~</c>, so a pasted line break is not Enter and a pasted
/// "/quit" is not a command.
/// <para>
/// Why keys and not bytes: .NET's <see cref="Console.ReadKey(bool)"/> on Linux parses escape sequences through
/// terminfo, and a sequence it does not know (these markers) comes out as its characters, one key each: Escape, '[',
/// '2', '0', '0', '~' (seen in tmux, and the end-to-end tests depend on it). Decoding those keys keeps .NET in charge
/// of the terminal (its raw mode, restored at exit, after a child process and on SIGCONT; Spectre's prompts read keys
/// the same way), where reading standard input's bytes would mean setting the terminal mode by hand beside .NET's.
/// </para>
/// <para>
/// An Escape may start a marker, so it is held until the next key says whether it does; a lone Escape press is
/// handed on by <see cref="Flush"/> once no key follows it (the terminal sends a marker's keys at once).
/// </para>
/// </summary>
internal sealed class BracketedPasteDecoder
{
    public const string On = "\u001b[?2004h";
    public const string Off = "\u001b[?2004l";
    private const string PasteStart = "\u001b[200~";
    private const string PasteEnd = "\u001b[201~";
    private const char Escape = '\u001b';
    private const string TabAsSpaces = "    ";
    private readonly List<ConsoleKeyInfo> _held = [];
    private StringBuilder? _paste; // not null between the markers
    private bool _afterCarriageReturn;

    /// <summary>Keys are held that may be the start of a paste marker (outside a paste).</summary>
    public bool IsHolding => _paste is null && _held.Count > 0;

    /// <summary>Inside a paste, waiting for its end marker.</summary>
    public bool InPaste => _paste is not null;

    public IReadOnlyList<TerminalInput> Feed(ConsoleKeyInfo key)
    {
        var decoded = new List<TerminalInput>();
        Feed(key, decoded);
        return decoded;
    }

    /// <summary>No key followed: what was held is ordinary keys (an Escape press). A paste still open stays open.</summary>
    public IReadOnlyList<TerminalInput> Flush()
    {
        if (_paste is not null)
        {
            return [];
        }

        var keys = _held.Select(key => (TerminalInput)new TerminalInput.Key(key)).ToList();
        _held.Clear();
        return keys;
    }

    private void Feed(ConsoleKeyInfo key, List<TerminalInput> decoded)
    {
        var marker = _paste is null ? PasteStart : PasteEnd;
        if (_held.Count == 0 && key.KeyChar != Escape)
        {
            Take(key, decoded);
            return;
        }

        _held.Add(key);
        var heldText = string.Concat(_held.Select(k => k.KeyChar));
        if (heldText == marker)
        {
            _held.Clear();
            if (_paste is null)
            {
                _paste = new StringBuilder();
                _afterCarriageReturn = false;
            }
            else
            {
                decoded.Add(new TerminalInput.Paste(_paste.ToString()));
                _paste = null;
            }

            return;
        }

        if (marker.StartsWith(heldText, StringComparison.Ordinal))
        {
            return;
        }

        // Not a marker after all: the first held key is an ordinary one, and the rest is looked at again (it may hold
        // the Escape of a marker).
        var again = _held.Skip(1).ToList();
        var first = _held[0];
        _held.Clear();
        if (_paste is null && first.KeyChar == Escape && again is [var meta, ..] && meta.KeyChar is >= '1' and <= '9')
        {
            // Escape and a digit in one burst is how a terminal sends Alt+digit (switch window), which .NET passes on as two
            // keys when more follow at once. Only digits: Escape then typed text, read together on a busy machine, stays that.
            Take(new ConsoleKeyInfo(meta.KeyChar, ConsoleKey.D0 + (meta.KeyChar - '0'), shift: false, alt: true, control: false), decoded);
            again.RemoveAt(0);
        }
        else
        {
            Take(first, decoded);
        }

        foreach (var next in again)
        {
            Feed(next, decoded);
        }
    }

    private void Take(ConsoleKeyInfo key, List<TerminalInput> decoded)
    {
        if (_paste is null)
        {
            decoded.Add(new TerminalInput.Key(key));
            return;
        }

        // Terminals send a pasted line break as CR (some as CR LF, or LF): each is one \n. A tab has no width of its own on
        // a terminal and every output form would replace it, so it becomes spaces. Other control characters (a pasted
        // escape sequence) are dropped: they could not be typed either.
        var c = key.KeyChar;
        var afterCarriageReturn = _afterCarriageReturn;
        _afterCarriageReturn = c == '\r';
        switch (c)
        {
            case '\r':
                _paste.Append('\n');
                break;
            case '\n' when afterCarriageReturn:
                break;
            case '\n':
                _paste.Append('\n');
                break;
            case '\t':
                _paste.Append(TabAsSpaces);
                break;
            case '\0':
                break;
            default:
                if (!char.IsControl(c))
                {
                    _paste.Append(c);
                }

                break;
        }
    }
}
