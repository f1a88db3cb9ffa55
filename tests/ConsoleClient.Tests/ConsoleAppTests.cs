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

        _out.ToString().Should().Contain("init").And.Contain("rooms").And.Contain("chat ROOM").And.Contain("send ROOM")
            .And.Contain("read ROOM").And.Contain("Exit codes");
    }

    [Fact]
    public async Task AUsageError_IsOneLineOnStandardError_WithExitCodeOne()
    {
        (await Run("frobnicate")).Should().Be(ExitCode.Usage);

        _err.ToString().Should().Be("pychat: Unknown command 'frobnicate'. Try 'pychat help'." + Environment.NewLine);
        _out.ToString().Should().BeEmpty();
    }
}
