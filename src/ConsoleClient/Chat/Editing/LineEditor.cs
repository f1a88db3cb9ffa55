using System.Globalization;

namespace PyChat.ConsoleClient.Chat.Editing;

/// <summary>
/// The text of the input line and the cursor in it, and what each editing key does to them; no terminal here (see
/// <see cref="InputLineLayout"/> for how it is drawn). The cursor moves over text elements, not chars: an accented
/// letter, a CJK character, an emoji and an emoji ZWJ sequence are each one step of the cursor and one Backspace.
/// Text may hold line breaks (from a paste); then it is one multi-line message.
/// </summary>
internal sealed class LineEditor(InputHistory history)
{
    private string _text = "";
    private int[] _boundaries = [0];
    private int _cursor; // a char index, always one of _boundaries
    private bool _pasted;
    private int? _browsing; // the history entry shown, null while on the line being typed
    private InputLine? _draft; // the line being typed, kept while browsing the history
    private NameCompletion? _completion;

    public string Text => _text;

    /// <summary>The cursor as a char index into <see cref="Text"/>, always at the start of a text element (or the end).</summary>
    public int Cursor => _cursor;

    /// <summary>Some of the text was pasted: the line is a message, never a command.</summary>
    public bool HoldsPaste => _pasted;

    public int LineCount => 1 + _text.Count(c => c == '\n');

    public bool IsEmpty => _text.Length == 0;

    /// <summary>Where each text element starts, and the end of the text last.</summary>
    public IReadOnlyList<int> Boundaries => _boundaries;

    /// <summary>Typed text goes in at the cursor (a surrogate half or a combining mark joins the element it belongs to).</summary>
    public void Type(string text) => Insert(text);

    /// <summary>Pasted text goes in at the cursor as it is, line breaks included, and marks the line as a message.</summary>
    public void Paste(string text)
    {
        Insert(text);
        _pasted |= text.Length > 0;
    }

    public void Left() => Move(Previous(_cursor));

    public void Right() => Move(Next(_cursor));

    public void Home() => Move(0);

    public void End() => Move(_text.Length);

    public void Backspace() => Remove(Previous(_cursor), _cursor);

    public void Delete() => Remove(_cursor, Next(_cursor));

    /// <summary>Ctrl+W: the word before the cursor, and the blanks between it and the cursor.</summary>
    public void DeleteWordBefore()
    {
        var start = _cursor;
        while (start > 0 && IsBlank(Previous(start), start))
        {
            start = Previous(start);
        }

        while (start > 0 && !IsBlank(Previous(start), start))
        {
            start = Previous(start);
        }

        Remove(start, _cursor);
    }

    /// <summary>Ctrl+U: everything before the cursor.</summary>
    public void DeleteToStart() => Remove(0, _cursor);

    /// <summary>Ctrl+K: everything from the cursor on.</summary>
    public void DeleteToEnd() => Remove(_cursor, _text.Length);

    /// <summary>Esc: the whole line.</summary>
    public void Clear() => Set("", 0, pasted: false);

    /// <summary>Up: the line entered before the one shown; the line being typed is kept for <see cref="HistoryForward"/>.</summary>
    public void HistoryBack()
    {
        if (_browsing is 0 || history.Count == 0)
        {
            return;
        }

        _draft ??= new InputLine(_text, _pasted);
        _browsing = (_browsing ?? history.Count) - 1;
        Show(history[_browsing.Value]);
    }

    /// <summary>Down: the line entered after the one shown, and after the last one, the line that was being typed.</summary>
    public void HistoryForward()
    {
        if (_browsing is not { } shown)
        {
            return;
        }

        if (shown + 1 < history.Count)
        {
            _browsing = shown + 1;
            Show(history[shown + 1]);
            return;
        }

        var draft = _draft ?? new InputLine("");
        _browsing = null;
        _draft = null;
        Show(draft);
    }

    /// <summary>
    /// Tab: completes the word before the cursor to a name from <paramref name="names"/>: the only match, or what all
    /// matches start with; a name is followed by ": " at the start of the line and " " elsewhere. Tab again goes through
    /// the matches one by one.
    /// </summary>
    public void Complete(IReadOnlyCollection<string> names)
    {
        if (_completion is { } cycling && cycling.Text == _text && cycling.Cursor == _cursor)
        {
            Apply(cycling.Next());
            return;
        }

        var start = _cursor;
        while (start > 0 && !IsBlank(Previous(start), start))
        {
            start = Previous(start);
        }

        Apply(NameCompletion.Start(names, start, _text[start.._cursor]));
    }

    /// <summary>Enter: the finished line, remembered in the history; the editor is empty again.</summary>
    public InputLine Submit()
    {
        var line = new InputLine(_text, _pasted);
        history.Add(line);
        _browsing = null;
        _draft = null;
        Set("", 0, pasted: false);
        return line;
    }

    private void Apply(NameCompletion? completion)
    {
        if (completion is null)
        {
            return;
        }

        var text = string.Concat(_text.AsSpan(0, completion.WordStart), completion.Inserted, _text.AsSpan(_cursor));
        var cursor = completion.WordStart + completion.Inserted.Length;
        Set(text, cursor, _pasted);
        _completion = completion.Cycles ? completion with { Text = _text, Cursor = _cursor } : null;
    }

    private void Show(InputLine line) => Set(line.Text, line.Text.Length, line.Pasted);

    private void Insert(string text)
    {
        if (text.Length > 0)
        {
            Set(_text.Insert(_cursor, text), _cursor + text.Length, _pasted);
        }
    }

    private void Remove(int start, int end)
    {
        if (end > start)
        {
            Set(_text.Remove(start, end - start), start, _pasted);
        }
    }

    private void Move(int cursor)
    {
        _completion = null;
        _cursor = cursor;
    }

    private void Set(string text, int cursor, bool pasted)
    {
        _completion = null;
        _text = text;
        _pasted = pasted && text.Length > 0; // an emptied line is a fresh one
        _boundaries = Segment(text);

        // An insertion can join the elements around it (a combining mark, a zero-width joiner): the cursor then
        // moves to the end of the element it landed in, never into one.
        var index = Array.BinarySearch(_boundaries, cursor);
        _cursor = index >= 0 ? cursor : _boundaries[Math.Min(~index, _boundaries.Length - 1)];
    }

    private int Previous(int index)
    {
        var at = Array.BinarySearch(_boundaries, index);
        return at > 0 ? _boundaries[at - 1] : 0;
    }

    private int Next(int index)
    {
        var at = Array.BinarySearch(_boundaries, index);
        return at >= 0 && at + 1 < _boundaries.Length ? _boundaries[at + 1] : _text.Length;
    }

    private bool IsBlank(int start, int end) => end > start && char.IsWhiteSpace(_text[start]) && end - start == 1;

    private static int[] Segment(string text)
    {
        var boundaries = new List<int> { 0 };
        var index = 0;
        while (index < text.Length)
        {
            index += StringInfo.GetNextTextElementLength(text, index);
            boundaries.Add(index);
        }

        return [.. boundaries];
    }
}
