using System.Text.Json;
using System.Text.RegularExpressions;
using FluentAssertions;
using PyChat.TestSupport;
using PyChat.TestSupport.Relays;

namespace PyChat.Integration.Tests.Observability;

/// <summary>The relay's console log as a log collector reads it: one line per entry, each with its time; JSON by configuration.</summary>
public sealed partial class ConsoleLogFormatTests : IAsyncLifetime
{
    private readonly TempDirectory _folder = new();
    private RelayProcess? _relay;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_relay is not null)
        {
            await _relay.DisposeAsync();
        }

        _folder.Dispose();
    }

    [Fact]
    public async Task ByDefault_EveryLogLineStartsWithItsUtcTime()
    {
        var lines = await LogLinesAsync();

        lines.Should().OnlyContain(l => SimpleLine().IsMatch(l), "each entry is one line: time, level, category, message");
        lines.Should().Contain(l => l.Contains(" info: PyChat.Relay[3] Connection limits: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithTheJsonFormatter_EveryLogLineIsAJsonObjectWithItsUtcTime()
    {
        var lines = await LogLinesAsync("--Logging:Console:FormatterName", "json");

        var entries = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        entries.Should().OnlyContain(e => Timestamp().IsMatch(e.GetProperty("Timestamp").GetString()!), "ISO 8601 in UTC, no trailing space");
        entries.Should().Contain(e => e.GetProperty("EventId").GetInt32() == 3
            && e.GetProperty("LogLevel").GetString() == "Information"
            && e.GetProperty("Category").GetString() == "PyChat.Relay"
            && e.GetProperty("Message").GetString()!.StartsWith("Connection limits: ", StringComparison.Ordinal));
    }

    /// <summary>
    /// What the relay logged up to its start, at Information: every line but the banner (two lines of its own on standard
    /// output, which tests and scripts read). Waits for the first line the relay logs while it builds.
    /// </summary>
    private async Task<IReadOnlyList<string>> LogLinesAsync(params string[] extra)
    {
        _relay = await RelayProcess.StartAsync(_folder, 4096, ["--Logging:LogLevel:Default", "Information", .. extra]);
        await _relay.WaitForLineAsync(l => l.Contains("Connection limits: ", StringComparison.Ordinal));
        await _relay.WaitForLineAsync(l => l.Contains("Application started", StringComparison.Ordinal));
        var lines = _relay.Output.Split('\n')
            .Where(l => !l.StartsWith("PyChat relay listening on ", StringComparison.Ordinal) && !l.StartsWith("Clients pin the CA certificate ", StringComparison.Ordinal))
            .ToList();
        lines.Should().HaveCountGreaterThan(2);
        return lines;
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (trce|dbug|info|warn|fail|crit): \S+\[\d+\] ")]
    private static partial Regex SimpleLine();

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")]
    private static partial Regex Timestamp();
}
