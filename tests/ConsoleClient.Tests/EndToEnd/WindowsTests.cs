using FluentAssertions;

namespace PyChat.ConsoleClient.Tests.EndToEnd;

/// <summary>
/// Several rooms in one session at a real terminal (a tmux pane) against a real relay: <c>/join</c> opens a window,
/// the prompt counts what arrives in the other one, Alt+1 brings it on screen, <c>/part</c> leaves one room only.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class WindowsTests(RelayFixture relay) : IClassFixture<RelayFixture>
{
    private const string Time = @"^\d\d:\d\d:\d\d ";

    [Fact]
    public async Task TwoRooms_InOneSession_UnreadCountedInThePrompt_AltOneSwitches_PartLeavesOneRoom()
    {
        var wren = await Person.InitAsync(relay, "wren");
        var otto = await Person.InitAsync(relay, "otto");
        var pia = await Person.InitAsync(relay, "pia");
        await using var ottoChat = otto.Start("chat", "porch", "--create");
        await ottoChat.WaitForLineAsync("You are in porch");
        await using var piaChat = pia.Start("chat", "garden", "--create");
        await piaChat.WaitForLineAsync("You are in garden");
        await using var terminal = await wren.StartInTerminalAsync("chat", "porch");
        await terminal.WaitForLineAsync("You are in porch with otto");

        await terminal.TypeAsync("/join garden");
        await terminal.PressEnterAsync();
        await terminal.WaitForLineAsync("── window 2: garden ──");
        await terminal.WaitForLineAsync("You are in garden with pia");
        await terminal.WaitForLineAsync(@"^1:porch \[2:garden\] >$");

        // Otto's message arrives in the window not on screen: counted, with ! since it names wren, and not shown.
        await ottoChat.WriteLineAsync("wren, tea?");
        await terminal.WaitForLineAsync(@"^1:porch\(1!\) \[2:garden\] >$");
        (await terminal.ScreenAsync()).Should().NotContain("tea?");
        await terminal.WaitForRawOutputAsync(output => output.Contains('\a', StringComparison.Ordinal), "the bell for the message naming wren");

        await terminal.TypeAsync("for pia");
        await terminal.PressEnterAsync();
        await piaChat.WaitForLineAsync(Time + "wren ✓ for pia$");
        ottoChat.Output.Should().NotContain(line => line.Contains("for pia"), "it was typed in the garden window");

        await terminal.PressAsync("M-1");
        await terminal.WaitForLineAsync("── window 1: porch ──");
        await terminal.WaitForLineAsync("otto.*wren, tea\\?");
        await terminal.WaitForLineAsync(@"^\[1:porch\] 2:garden >$");
        (await terminal.RawOutputAsync()).Count(c => c == '\a').Should().Be(1, "the bell rang when the message arrived, not again when shown");
        await terminal.TypeAsync("yes please");
        await terminal.PressEnterAsync();
        await ottoChat.WaitForLineAsync(Time + "wren ✓ yes please$");

        await terminal.TypeAsync("/part");
        await terminal.PressEnterAsync();
        await ottoChat.WaitForLineAsync(@"\* wren left");
        await terminal.WaitForLineAsync("You left porch.");
        await terminal.WaitForLineAsync("^>$");
        piaChat.Output.Should().NotContain(line => line.Contains("wren left"), "only the room on screen was left");

        await terminal.TypeAsync("/quit");
        await terminal.PressEnterAsync();
        (await terminal.WaitForExitAsync()).Should().Be(ExitCode.Ok);
        await piaChat.WaitForLineAsync(@"\* wren left");
    }

    [Fact]
    public async Task WhileTheTerminalReportsFocusElsewhere_AMarkerComesBeforeWhatArrives_OncePerAbsence()
    {
        var kit = await Person.InitAsync(relay, "kit");
        var lou = await Person.InitAsync(relay, "lou");
        await using var louChat = lou.Start("chat", "focus", "--create");
        await louChat.WaitForLineAsync("You are in focus");
        await using var terminal = await kit.StartInTerminalAsync("chat", "focus");
        await terminal.WaitForLineAsync("You are in focus with lou");
        await terminal.WaitForRawOutputAsync(output => output.Contains(FocusOn, StringComparison.Ordinal), "focus reports switched on");
        await terminal.WaitForLineAsync(@"\* new room key"); // the last line of entering: from here on the screen is still

        // What a terminal sends when its window loses focus; pychat redraws its input line once it has read it.
        await ReportFocusAsync(terminal, "4f");
        await louChat.WriteLineAsync("are you there?");
        await terminal.WaitForLineAsync("lou ✓ are you there\\?");
        await ReportFocusAsync(terminal, "49"); // and gains it
        await louChat.WriteLineAsync("ok, later");
        await terminal.WaitForLineAsync("lou ✓ ok, later");

        var lines = (await terminal.ScreenAsync()).Split('\n');
        lines.Should().ContainSingle(line => line == "──── new while you were away ────");
        Array.FindIndex(lines, line => line.StartsWith("──── new while", StringComparison.Ordinal))
            .Should().Be(Array.FindIndex(lines, line => line.Contains("are you there?", StringComparison.Ordinal)) - 1);

        await terminal.TypeAsync("/quit");
        await terminal.PressEnterAsync();
        (await terminal.WaitForExitAsync()).Should().Be(ExitCode.Ok);
        var raw = await terminal.RawOutputAsync();
        raw.LastIndexOf(FocusOff, StringComparison.Ordinal).Should().BeGreaterThan(raw.LastIndexOf(FocusOn, StringComparison.Ordinal),
            "the terminal is left not reporting focus");
    }

    private const string FocusOn = "\u001b[?1004h";
    private const string FocusOff = "\u001b[?1004l";

    private static async Task ReportFocusAsync(TerminalSession terminal, string lastByte)
    {
        var before = (await terminal.RawOutputAsync()).Length;
        await terminal.PressAsync("-H", "1b", "5b", lastByte);
        await terminal.WaitForRawOutputAsync(output => output.Length > before, "the input line drawn again after the focus report");
    }
}

