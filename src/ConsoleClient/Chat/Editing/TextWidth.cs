using System.Globalization;
using System.Text;
using Wcwidth;

namespace PyChat.ConsoleClient.Chat.Editing;

/// <summary>
/// How many terminal columns text takes. .NET has no wcwidth, so the Wcwidth package's tables (East Asian Wide and
/// Fullwidth, emoji presentation, zero-width marks) give the width of a code point; a text element (what the user sees
/// as one character: a letter with its accents, an emoji ZWJ sequence, a flag) is as wide as its first code point,
/// or two columns when it asks for emoji presentation (U+FE0F) or is a flag (two regional indicators).
/// </summary>
internal static class TextWidth
{
    private const int EmojiPresentation = 0xFE0F;

    /// <summary>The columns of one text element: 0, 1 or 2 (a control character: 0, it is never drawn as such).</summary>
    public static int OfElement(string element)
    {
        if (element.Length == 0)
        {
            return 0;
        }

        // A lone surrogate (half of an emoji typed so far) decodes as U+FFFD, which is how it would be drawn.
        Rune.DecodeFromUtf16(element, out var first, out _);
        var width = Math.Max(UnicodeCalculator.GetWidth(first), 0);
        var regionalIndicators = 0;
        foreach (var rune in element.EnumerateRunes())
        {
            if (rune.Value == EmojiPresentation)
            {
                return 2;
            }

            if (rune.Value is >= 0x1F1E6 and <= 0x1F1FF)
            {
                regionalIndicators++;
            }
        }

        return regionalIndicators >= 2 ? 2 : width;
    }

    /// <summary>The columns of <paramref name="text"/>, element by element.</summary>
    public static int Of(string text)
    {
        var width = 0;
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            width += OfElement(elements.GetTextElement());
        }

        return width;
    }
}
