using System.Text.RegularExpressions;

namespace PyChat.ClientLib.Tests.Protocol;

/// <summary>Reads the <c>```hex example=NAME</c> and <c>```text example=NAME</c> blocks out of docs/PROTOCOL.md.</summary>
internal static partial class ProtocolDocument
{
    public static IReadOnlyDictionary<string, string> HexExamples()
    {
        var text = File.ReadAllText(FindDocument());
        return ExampleBlock().Matches(text).ToDictionary(
            m => m.Groups["name"].Value,
            m => WhiteSpace().Replace(m.Groups["hex"].Value, string.Empty).ToLowerInvariant());
    }

    /// <summary>The <c>```text example=NAME</c> blocks: one line of text each (a base64url key or token), exactly as shown.</summary>
    public static IReadOnlyDictionary<string, string> TextExamples()
    {
        var text = File.ReadAllText(FindDocument());
        return TextBlock().Matches(text).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["text"].Value);
    }

    /// <summary>The names of every example block, hex or text, in the order they appear.</summary>
    public static IReadOnlyList<string> AllExampleNames()
    {
        var text = File.ReadAllText(FindDocument());
        return AnyBlock().Matches(text).Select(m => m.Groups["name"].Value).ToList();
    }

    private static string FindDocument()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "docs", "PROTOCOL.md");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("docs/PROTOCOL.md not found above the test output folder");
    }

    [GeneratedRegex(@"```hex example=(?<name>[a-z0-9-]+)\n(?<hex>[0-9a-fA-F\s]*?)```")]
    private static partial Regex ExampleBlock();

    [GeneratedRegex(@"```text example=(?<name>[a-z0-9-]+)\n(?<text>[^\n]*)\n```")]
    private static partial Regex TextBlock();

    [GeneratedRegex(@"```[a-z]+ example=(?<name>[a-z0-9-]+)\n")]
    private static partial Regex AnyBlock();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
