using System.Text.RegularExpressions;
using FluentAssertions;
using PyChat.TestSupport;

namespace PyChat.Integration.Tests;

/// <summary>docs/SECURITY.md backs every claim with a test by name; this keeps the names from going stale.</summary>
public sealed partial class SecurityDocumentTests
{
    private static readonly Dictionary<string, string> Projects = new(StringComparer.Ordinal)
    {
        ["CL"] = "ClientLib.Tests",
        ["IT"] = "Integration.Tests",
        ["RT"] = "Relay.Tests",
        ["CC"] = "ConsoleClient.Tests",
    };

    [Fact]
    public void EveryTestTheThreatModelNames_IsATestInTheProjectItNames()
    {
        var root = RepositoryRoot.Path;
        var named = TestReference().Matches(File.ReadAllText(Path.Combine(root, "docs", "SECURITY.md")))
            .Select(m => (Project: m.Groups["project"].Value, Class: m.Groups["class"].Value, Method: m.Groups["method"].Value))
            .Distinct()
            .ToList();

        named.Should().HaveCountGreaterThan(50, "the threat model names the tests behind its claims");
        var missing = named.Where(n => !Declares(Path.Combine(root, "tests", Projects[n.Project]), n.Class, n.Method))
            .Select(n => $"{n.Project} {n.Class}.{n.Method}");
        missing.Should().BeEmpty("every test docs/SECURITY.md names must exist where it says");
    }

    private static bool Declares(string project, string className, string method) =>
        Directory.EnumerateFiles(project, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText)
            .Any(text => Regex.IsMatch(text, $@"\bclass {className}\b") && Regex.IsMatch(text, $@"\b(Task|void) {method}\("));

    [GeneratedRegex(@"`(?<project>CL|IT|RT|CC) (?<class>\w+)\.(?<method>\w+)`")]
    private static partial Regex TestReference();
}
