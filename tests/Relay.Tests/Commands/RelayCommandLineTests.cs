using FluentAssertions;
using PyChat.Relay.Commands;
using PyChat.TestSupport;

namespace PyChat.Relay.Tests.Commands;

/// <summary>The relay's command line without a relay: usage errors, help, and commands pointed at the wrong folder.</summary>
public sealed class RelayCommandLineTests
{
    [Theory]
    [InlineData("frob")]
    [InlineData("users")]
    [InlineData("users", "remove")]
    [InlineData("users", "remove", "alice", "bob")]
    [InlineData("--Relay:DataDirectory")]
    public async Task AWrongCommandLine_IsAUsageError_ThatStartsNothing(params string[] args)
    {
        var run = await RelayCommandRun.InvokeAsync(args);

        run.ExitCode.Should().Be(ExitCodes.Usage);
        run.Error.Should().Contain("--help");
        run.Output.Should().NotContain("listening");
    }

    [Fact]
    public async Task UsersRemove_WithConfigurationBeforeTheName_IsAUsageError_NotARemovalOfTheOptionName()
    {
        using var folder = new TempDirectory();

        var run = await RelayCommandRun.InvokeAsync("users", "remove", "--Relay:DataDirectory", folder.Path, "alice");

        run.ExitCode.Should().Be(ExitCodes.Usage);
        run.Error.Should().Contain("NAME comes right after 'remove'");
    }

    [Theory]
    [InlineData("users", "list")]
    [InlineData("users", "remove", "alice")]
    [InlineData("rooms", "list")]
    public async Task ACommand_OnAFolderWithoutARelay_FailsWithOneLine_AndCreatesNothing(params string[] verb)
    {
        using var folder = new TempDirectory();
        var data = folder.Combine("data");

        var run = await RelayCommandRun.InvokeAsync([.. verb, "--Relay:DataDirectory", data]);

        run.ExitCode.Should().Be(ExitCodes.Failed);
        run.Error.TrimEnd().Should().NotContain("\n").And.Contain(data).And.Contain("--Relay:DataDirectory");
        Directory.Exists(data).Should().BeFalse();
    }

    [Fact]
    public async Task RoomsList_WithTheRoomLogInMemory_SaysOnlyTheRunningRelayKnowsItsRooms()
    {
        using var folder = new TempDirectory();

        var run = await RelayCommandRun.InvokeAsync("rooms", "list", "--Relay:DataDirectory", folder.Path, "--Relay:RoomLog:Storage", "Memory");

        run.ExitCode.Should().Be(ExitCodes.Failed);
        run.Error.Should().Contain("in memory");
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("users", "list", "--help")]
    [InlineData("users", "remove", "--help")]
    [InlineData("rooms", "list", "--help")]
    [InlineData("reissue-certificate", "--help")]
    public async Task Help_OnEveryCommand_DescribesItAndExitsZero(params string[] args)
    {
        var run = await RelayCommandRun.InvokeAsync(args);

        run.ExitCode.Should().Be(ExitCodes.Ok);
        run.Output.Should().Contain("Usage:").And.Contain("Options:");
        run.Error.Should().BeEmpty();
    }

    [Theory]
    [InlineData("--urls", "https://127.0.0.1:0")]
    [InlineData("--Relay:DataDirectory=x", "/Relay:CertificateDirectory", "y", "Logging:LogLevel:Default=Warning")]
    public void ConfigurationArguments_InEveryFormAspNetCoreReads_AreAccepted(params string[] tokens) =>
        ConfigurationArguments.Problem(tokens).Should().BeNull();
}
