using FluentAssertions;

namespace PyChat.ConsoleClient.Tests.EndToEnd;

/// <summary>Ctrl+C in a real terminal: it stops the program where it waits, and the last line says so on a line of its own.</summary>
[Trait("Category", "EndToEnd")]
public sealed class InterruptTests(RelayFixture relay) : IClassFixture<RelayFixture>
{
    private const string Interrupted = "pychat: Interrupted.";

    [Fact]
    public async Task CtrlC_InARoom_WithHalfALineTyped_EndsWith130_AndInterruptedOnItsOwnLine()
    {
        var kim = await Person.InitAsync(relay, "kim");
        await using var terminal = await kim.StartInTerminalAsync("chat", "ctrl-c", "--create");
        await terminal.WaitForLineAsync("You are in ctrl-c");
        await terminal.TypeAsync("half a li");
        await terminal.WaitForLineAsync("^> half a li$");

        await terminal.PressCtrlCAsync();

        (await terminal.WaitForExitAsync()).Should().Be(ExitCode.Interrupted);
        var lines = (await terminal.ScreenAsync()).Split('\n');
        lines.Should().Contain(Interrupted, "the message starts a line, not after the half-typed one");
        lines.Should().NotContain(line => line.Contains("half a li", StringComparison.Ordinal) && line != "> half a li");
        // Ctrl+C leaves the terminal out of the bracketed-paste mode the room view switched on.
        await terminal.WaitForRawOutputAsync(
            output => output.Contains("\u001b[?2004h", StringComparison.Ordinal)
                && output.LastIndexOf("\u001b[?2004l", StringComparison.Ordinal) > output.LastIndexOf("\u001b[?2004h", StringComparison.Ordinal),
            "bracketed paste switched on, then off");
    }

    [Fact]
    public async Task CtrlC_AtThePasswordPrompt_StopsAtOnce_WithoutWaitingForEnter()
    {
        var lena = await Person.InitAsync(relay, "lena");
        await using var terminal = await TerminalSession.StartAsync(lena.Home, password: null, "rooms");
        await terminal.WaitForLineAsync("^Password:");
        await terminal.TypeAsync("not finish");

        await terminal.PressCtrlCAsync();

        (await terminal.WaitForExitAsync()).Should().Be(ExitCode.Interrupted, "no Enter was pressed");
        var lines = (await terminal.ScreenAsync()).Split('\n');
        lines.Should().Contain(Interrupted);
        lines.Should().ContainSingle(line => line.StartsWith("Password:", StringComparison.Ordinal))
            .Which.Should().NotContain("pychat", "the prompt's line is ended before the message");
    }
}
