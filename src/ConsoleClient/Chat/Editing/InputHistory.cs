namespace PyChat.ConsoleClient.Chat.Editing;

/// <summary>
/// The lines entered in this run of the program, oldest first, for Up and Down at the input line. Kept in memory only:
/// what someone typed in an end-to-end-encrypted chat is not written to a file.
/// </summary>
internal sealed class InputHistory
{
    private const int MaxLines = 500;
    private readonly List<InputLine> _lines = [];

    public int Count => _lines.Count;

    public InputLine this[int index] => _lines[index];

    /// <summary>Remembers <paramref name="line"/>, unless it is blank or the same as the one before.</summary>
    public void Add(InputLine line)
    {
        if (string.IsNullOrWhiteSpace(line.Text) || (_lines.Count > 0 && _lines[^1] == line))
        {
            return;
        }

        if (_lines.Count == MaxLines)
        {
            _lines.RemoveAt(0);
        }

        _lines.Add(line);
    }
}
