using System.Text.RegularExpressions;
using FluentAssertions;
using PyChat.Integration.Tests.Support;
using PyChat.TestSupport;

namespace PyChat.Integration.Tests;

[Collection(RelayCollection.Name)]
public sealed partial class UsageExampleTests(RelayFixture relay)
{
    [Fact]
    public async Task UsageExample_AgainstARealRelay_DeliversBobsGreetingToAlice()
    {
        var (alice, bob) = (relay.UniqueName("alice"), relay.UniqueName("bob"));

        var result = await UsageExample.AliceAndBobAsync(relay.Relay.WebSocketUri, relay.Relay.CaCertificatePath, alice, bob, relay.UniqueName("lobby"))
            .WaitAsync(RoomEventLog.Patience);

        result.Should().StartWith($"{bob}: hello, alice (safety number ");
    }

    [Fact]
    public void UsageExample_InClientLibDocument_IsTheCompiledExample()
    {
        var root = RepositoryRoot.Path;
        var source = File.ReadAllText(Path.Combine(root, "tests", "Integration.Tests", "UsageExample.cs"));
        var document = File.ReadAllText(Path.Combine(root, "docs", "CLIENTLIB.md"));

        var compiled = SourceRegion().Match(source).Groups["code"].Value;
        var documented = DocumentBlock().Match(document).Groups["code"].Value;

        Normalize(documented).Should().Be(Normalize(compiled)).And.NotBeEmpty();
    }

    private static string Normalize(string code)
    {
        var lines = code.Replace("\r", "", StringComparison.Ordinal).Split('\n').Where(l => l.Trim().Length > 0).ToList();
        var indent = lines.Count == 0 ? 0 : lines.Min(l => l.Length - l.TrimStart().Length);
        return string.Join('\n', lines.Select(l => l[indent..].TrimEnd()));
    }

    [GeneratedRegex(@"// <usage>\n(?<code>.*?)\n\s*// </usage>", RegexOptions.Singleline)]
    private static partial Regex SourceRegion();

    [GeneratedRegex(@"```csharp example=usage\n(?<code>.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex DocumentBlock();
}
