namespace PyChat.ConsoleClient.Chat.Editing;

/// <summary>
/// One Tab at the input line: which name replaces the word before the cursor (<see cref="WordStart"/> up to the
/// cursor) and, while several names match, where the next Tab goes.
/// </summary>
/// <param name="Inserted">What replaces the word: a name with its separator, or the start all matches share.</param>
/// <param name="Cycles">Tab again moves on to the next match (<see cref="Next"/>) instead of starting over.</param>
internal sealed record NameCompletion(int WordStart, string Inserted, IReadOnlyList<string> Matches, int Index, bool Cycles)
{
    /// <summary>The editor's text and cursor right after this completion: a Tab on exactly that line cycles.</summary>
    public string Text { get; init; } = "";

    public int Cursor { get; init; }

    /// <summary>The first Tab on <paramref name="word"/>, which starts at <paramref name="wordStart"/>; null when no name matches.</summary>
    public static NameCompletion? Start(IReadOnlyCollection<string> names, int wordStart, string word)
    {
        var matches = names.Where(name => name.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (matches.Count == 0)
        {
            return null;
        }

        var shared = SharedStart(matches);
        if (matches.Count > 1 && shared.Length > word.Length)
        {
            return new NameCompletion(wordStart, shared, matches, -1, Cycles: false);
        }

        return new NameCompletion(wordStart, matches[0] + Separator(wordStart), matches, 0, Cycles: true);
    }

    public NameCompletion Next()
    {
        var index = (Index + 1) % Matches.Count;
        return this with { Inserted = Matches[index] + Separator(WordStart), Index = index };
    }

    // A name at the start of the line addresses that person ("bob: "); elsewhere it is a word, e.g. after /verify.
    private static string Separator(int wordStart) => wordStart == 0 ? ": " : " ";

    private static string SharedStart(List<string> matches)
    {
        var length = matches[0].Length;
        foreach (var match in matches)
        {
            length = Math.Min(length, match.Length);
            while (length > 0 && !match.AsSpan(0, length).Equals(matches[0].AsSpan(0, length), StringComparison.Ordinal))
            {
                length--;
            }
        }

        return matches[0][..length];
    }
}
