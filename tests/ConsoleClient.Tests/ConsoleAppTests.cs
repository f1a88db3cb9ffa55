using FluentAssertions;
using Spectre.Console.Testing;

namespace PyChat.ConsoleClient.Tests;

public sealed class ConsoleAppTests
{
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    private Task<ExitCode> Run(params string[] args) =>
        new ConsoleApp(new ConsoleEnvironment(TextReader.Null, _out, _err, new TestConsole(), false, false, _ => null))
            .RunAsync(args, CancellationToken.None);

    [Fact]
    public async Task Help_PrintsEveryCommand_AndExitsZero()
    {
        (await Run("help")).Should().Be(ExitCode.Ok);

        _out.ToString().Should().Contain("init").And.Contain("rooms").And.Contain("chat <ROOM>").And.Contain("send <ROOM> <TEXT>")
            .And.Contain("read <ROOM>").And.Contain("--password-stdin").And.Contain("Exit codes");
    }

    [Fact]
    public async Task HelpForOneCommand_ListsItsOwnOptions()
    {
        (await Run("help", "read")).Should().Be(ExitCode.Ok);

        _out.ToString().Should().Contain(" read <ROOM> [options]").And.Contain("--follow").And.Contain("--no-self")
            .And.Contain("--json").And.NotContain("send <ROOM>");
    }

    [Fact]
    public async Task TabCompletion_SuggestsCommandsAndTheirOptions()
    {
        // The [suggest] directive is what dotnet-suggest's shell scripts call on every Tab.
        (await Run("[suggest:2]", "re")).Should().Be(ExitCode.Ok, _err.ToString());
        _out.ToString().Split(Environment.NewLine).Should().Contain("read").And.Contain("--relay").And.NotContain("chat");
    }

    [Fact]
    public async Task AUsageError_IsOneLineOnStandardError_WithExitCodeOne()
    {
        (await Run("frobnicate")).Should().Be(ExitCode.Usage);

        _err.ToString().Should().Be("pychat: Unknown command 'frobnicate'. Try 'pychat help'." + Environment.NewLine);
        _out.ToString().Should().BeEmpty();
    }
}
