namespace PyChat.ConsoleClient.Rendering;

/// <summary>
/// Whether a message names the user: the name as a word of its own, any case, with or without <c>@</c>
/// ("alice:", "@Alice", "thanks alice!"), never inside another name ("malice", "alice2", "alice.b").
/// </summary>
internal static class Mentions
{
    public static bool Names(string text, string name)
    {
        for (var at = text.IndexOf(name, StringComparison.OrdinalIgnoreCase); at >= 0;
             at = text.IndexOf(name, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var end = at + name.Length;
            if ((at == 0 || !IsNameChar(text[at - 1])) && (end == text.Length || !IsNameChar(text[end]) || EndsSentence(text, end)))
            {
                return true;
            }
        }

        return false;
    }

    // The protocol's name characters (docs/PROTOCOL.md): a–z, 0–9, '-', '_', '.'; any letter or digit counts, so
    // "alicé" is not alice.
    private static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c is '-' or '_' or '.';

    // "thanks alice." names alice: a '.' that ends the text or is followed by a space ends a sentence, not a name.
    private static bool EndsSentence(string text, int end) =>
        text[end] == '.' && (end + 1 == text.Length || char.IsWhiteSpace(text[end + 1]));
}
