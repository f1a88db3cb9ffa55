using System.Text.RegularExpressions;

namespace PyChat.Integration.Tests.Packaging;

/// <summary>The fenced code blocks of one of the repository's Markdown documents.</summary>
internal static partial class DocumentBlocks
{
    /// <summary>The text of every block whose info string is <paramref name="info"/> (e.g. <c>sh</c>, <c>xml nuget.config</c>).</summary>
    public static IReadOnlyList<string> Read(string document, string info) =>
    [
        .. FencedBlock().Matches(File.ReadAllText(document).ReplaceLineEndings("\n"))
            .Where(match => match.Groups["info"].Value.Trim() == info)
            .Select(match => match.Groups["code"].Value),
    ];

    /// <summary>Every line of the document's <c>sh</c> blocks, without a trailing comment.</summary>
    public static IReadOnlyList<string> ShellLines(string document) =>
    [
        .. Read(document, "sh")
            .SelectMany(block => block.Split('\n'))
            .Select(line => (line.Contains(" #", StringComparison.Ordinal) ? line[..line.IndexOf(" #", StringComparison.Ordinal)] : line).Trim())
            .Where(line => line.Length > 0),
    ];

    [GeneratedRegex(@"^```(?<info>[^\n`]*)\n(?<code>.*?)\n```$", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex FencedBlock();
}
