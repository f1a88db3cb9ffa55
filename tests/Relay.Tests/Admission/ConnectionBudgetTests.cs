using FluentAssertions;
using PyChat.Relay.Admission;
using PyChat.Relay.Hosting;
using PyChat.TestSupport;
using PyChat.TestSupport.Relays;

namespace PyChat.Relay.Tests.Admission;

public sealed class ConnectionBudgetTests
{
    [Theory]
    [InlineData(1024L)]
    [InlineData(1200L)]
    [InlineData(65536L)]
    [InlineData(1048576L)]
    public void Defaults_StayBelowTheOpenFileLimit_WithTheReserveLeftOver(long openFiles)
    {
        var budget = ConnectionBudget.From(new RelayOptions(), openFiles);

        (budget.Connections + budget.UpgradedConnections).Should().BeLessThanOrEqualTo(openFiles - ConnectionBudget.ReserveOf(openFiles));
        budget.Connections.Should().BePositive();
        budget.UpgradedConnections.Should().BeGreaterThan(budget.Connections, "people's WebSockets get most of the files");
        budget.Disagreement.Should().BeNull();
    }

    [Fact]
    public void ConfiguredLimitsPastTheOpenFileLimit_AreKept_AndNamedInOneLine()
    {
        var options = new RelayOptions { MaxConcurrentConnections = 5000, MaxConcurrentUpgradedConnections = 20000 };

        var budget = ConnectionBudget.From(options, 1024);

        budget.Connections.Should().Be(5000);
        budget.UpgradedConnections.Should().Be(20000);
        budget.Disagreement.Should().Contain("Relay:MaxConcurrentConnections (5000)").And.Contain("open-file limit of 1024").And.NotContain("\n");
    }

    [Fact]
    public void ConfiguringOneLimit_LeavesTheOtherAtItsDefault()
    {
        var defaults = ConnectionBudget.From(new RelayOptions(), null);

        var budget = ConnectionBudget.From(new RelayOptions { MaxConcurrentConnections = ConnectionBudget.WithoutOpenFileLimit }, null);

        budget.Connections.Should().Be(ConnectionBudget.WithoutOpenFileLimit);
        budget.UpgradedConnections.Should().Be(defaults.UpgradedConnections, "taking the pre-upgrade limit for the total must not leave one WebSocket");
    }

    [Fact]
    public void WithoutAnOpenFileLimit_TheDefaultsAreFixed()
    {
        var budget = ConnectionBudget.From(new RelayOptions(), null);

        (budget.Connections + budget.UpgradedConnections).Should().Be(ConnectionBudget.WithoutOpenFileLimit);
        budget.Disagreement.Should().BeNull();
    }

    [Fact]
    public async Task Relay_StartedWithLimitsPastItsOpenFileLimit_SaysSoInOneLogLine()
    {
        using var folder = new TempDirectory();

        await using var relay = await RelayProcess.StartAsync(folder, 600, "--Relay:MaxConcurrentConnections", "5000");

        var line = await relay.WaitForLineAsync(l => l.Contains("open-file limit of 600", StringComparison.Ordinal));
        line.Should().Contain("Relay:MaxConcurrentConnections (5000)");
        relay.Output.Split('\n').Count(l => l.Contains("open-file limit", StringComparison.Ordinal)).Should().Be(1);
    }
}
