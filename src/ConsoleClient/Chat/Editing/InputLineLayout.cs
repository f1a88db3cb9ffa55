using System.Globalization;
using System.Text;

namespace PyChat.ConsoleClient.Chat.Editing;

/// <summary>
/// What the input line shows of the editor's text in one terminal row: the prompt, then as much of the text around the
/// cursor as fits. A longer text scrolls sideways ("…" marks text out of sight), so the line never wraps and can always
/// be erased; the cursor stays in sight and a wide character is shown whole or not at all. A line break (a pasted
/// multi-line message) shows as ⏎, and the prompt says how many lines the message has and that Enter sends them as one.
/// </summary>
internal sealed class InputLineLayout
{
    public const string Prompt = "> ";
    public const string LineBreak = "⏎";
    private const string OutOfSight = "…";
    private const int MinTextColumns = 20; // the long multi-line prompt only when it leaves this much for the text
    private int _scroll; // the first text element in sight; kept between draws so the text does not jump

    /// <summary>
    /// The row to draw (at most <paramref name="columns"/> wide) and the column the cursor belongs in; a
    /// <paramref name="status"/> (the room view's windows) goes before the prompt when it leaves room for the text.
    /// </summary>
    public (string Row, int CursorColumn) Layout(LineEditor editor, int columns, string status = "")
    {
        var prompt = PromptFor(editor.LineCount, columns);
        if (status.Length > 0 && TextWidth.Of(status) + 1 + TextWidth.Of(prompt) + MinTextColumns <= columns)
        {
            prompt = $"{status} {prompt}";
        }

        var boundaries = editor.Boundaries;
        var count = boundaries.Count - 1;
        var shown = new string[count];
        var widths = new int[count + 1]; // widths[i]: columns of the elements before element i
        for (var i = 0; i < count; i++)
        {
            shown[i] = Shown(editor.Text[boundaries[i]..boundaries[i + 1]]);
            widths[i + 1] = widths[i] + TextWidth.OfElement(shown[i]);
        }

        var cursor = IndexOf(boundaries, editor.Cursor);
        var promptWidth = TextWidth.Of(prompt);
        var room = Math.Max(columns - promptWidth, 2);
        if (widths[count] <= room)
        {
            _scroll = 0;
        }
        else
        {
            _scroll = Math.Min(_scroll, cursor);
            while (!CursorInSight(_scroll, cursor, count, widths, room))
            {
                _scroll++;
            }
        }

        var row = new StringBuilder(prompt);
        var used = 0;
        if (_scroll > 0)
        {
            row.Append(OutOfSight);
            used++;
        }

        var cursorColumn = promptWidth + used;
        var last = _scroll;
        for (; last < count; last++)
        {
            var more = last + 1 < count ? 1 : 0; // room for the "…" after it, unless it is the last element
            if (used + widths[last + 1] - widths[last] + more > room)
            {
                break;
            }

            if (last == cursor)
            {
                cursorColumn = promptWidth + used;
            }

            row.Append(shown[last]);
            used += widths[last + 1] - widths[last];
        }

        if (last < count)
        {
            row.Append(OutOfSight);
        }
        else if (cursor == count)
        {
            cursorColumn = promptWidth + used;
        }

        return (row.ToString(), cursorColumn);
    }

    /// <summary>"&gt; ", or for a message of several lines "[3 lines, Enter sends them as one message] &gt; " (shorter on a narrow terminal).</summary>
    public static string PromptFor(int lines, int columns)
    {
        if (lines <= 1)
        {
            return Prompt;
        }

        var count = lines.ToString(CultureInfo.InvariantCulture);
        var full = $"[{count} lines, Enter sends them as one message] {Prompt}";
        return full.Length + MinTextColumns <= columns ? full : $"[{count} lines] {Prompt}";
    }

    // Whether, with element `first` as the first in sight, the cursor's element (or the end) is shown in full.
    private static bool CursorInSight(int first, int cursor, int count, int[] widths, int room)
    {
        var before = first > 0 ? 1 : 0;
        if (cursor == count)
        {
            return before + widths[count] - widths[first] <= room;
        }

        var after = cursor + 1 < count ? 1 : 0;
        return before + widths[cursor + 1] - widths[first] + after <= room;
    }

    private static int IndexOf(IReadOnlyList<int> boundaries, int position)
    {
        for (var i = 0; i < boundaries.Count; i++)
        {
            if (boundaries[i] == position)
            {
                return i;
            }
        }

        return boundaries.Count - 1;
    }

    // A line break is drawn as a visible mark; any other control character (there should be none) as U+FFFD, so the row
    // stays one row and the terminal never gets a control character from the text; so is a lone surrogate, the first
    // half of an emoji whose second half has not been read yet.
    private static string Shown(string element) =>
        element == "\n" ? LineBreak : element.Any(char.IsControl) || HasLoneSurrogate(element) ? "\uFFFD" : element;

    private static bool HasLoneSurrogate(string element)
    {
        for (var i = 0; i < element.Length; i++)
        {
            if (char.IsHighSurrogate(element[i]) && i + 1 < element.Length && char.IsLowSurrogate(element[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(element[i]))
            {
                return true;
            }
        }

        return false;
    }
}
