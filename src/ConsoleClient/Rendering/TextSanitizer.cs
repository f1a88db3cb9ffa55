using System.Text;

namespace PyChat.ConsoleClient.Rendering;

/// <summary>
/// Makes text from other people safe to print. A message is one line: a newline in it could forge a
/// following line ("12:00:00 alice ✓ ..."), an escape sequence could rewrite the screen, and a
/// bidirectional override could make text read backwards. Each such character becomes U+FFFD.
/// </summary>
internal static class TextSanitizer
{
    private const char Replacement = '\uFFFD';

    public static string Sanitize(string text)
    {
        if (!text.Any(IsUnsafe))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(IsUnsafe(c) ? Replacement : c);
        }

        return builder.ToString();
    }

    /// <summary>
    /// For the program's own notices (help, safety numbers), which are several lines: each line is made safe as above,
    /// and the line breaks between them stay, since the program wrote them. A notice may quote what the user typed.
    /// </summary>
    public static string SanitizeLines(string text) =>
        text.Contains('\n', StringComparison.Ordinal) ? string.Join('\n', text.Split('\n').Select(Sanitize)) : Sanitize(text);

    private static bool IsUnsafe(char c) =>
        char.IsControl(c) // C0 (including ESC, CR, LF, TAB) and C1 controls
        || c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200E' or '\u200F' or '\u061C';
}
