using System.Text.RegularExpressions;

namespace PyChat.ClientLib.Tests.Protocol;

/// <summary>Reads the <c>```hex example=NAME</c> blocks out of docs/PROTOCOL.md.</summary>
internal static partial class ProtocolDocument
{
    public static IReadOnlyDictionary<string, string> HexExamples()
    {
        var text = File.ReadAllText(FindDocument());
        return ExampleBlock().Matches(text).ToDictionary(
            m => m.Groups["name"].Value,
            m => WhiteSpace().Replace(m.Groups["hex"].Value, string.Empty).ToLowerInvariant());
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

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
