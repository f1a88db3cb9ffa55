using FluentAssertions;

namespace PyChat.ConsoleClient.Tests.EndToEnd;

/// <summary>
/// The input line of the room view in a real terminal (a tmux pane) against a real relay: keys that edit, history and
/// completion, and a bracketed paste, each checked by what the other member receives.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class LineEditorTests(RelayFixture relay) : IClassFixture<RelayFixture>
{
    private const string Time = @"^\d\d:\d\d:\d\d ";
    private const string PasteOn = "\u001b[?2004h";
    private const string PasteOff = "\u001b[?2004l";

    [Fact]
    public async Task EditingKeys_UpForTheLastLine_TabForAName_AndWideCharactersDeletedWhole_MakeWhatThePeerReceives()
    {
        var ada = await Person.InitAsync(relay, "ada");
        var bruno = await Person.InitAsync(relay, "bruno");
        await using var brunoChat = bruno.Start("chat", "edits", "--create");
        await brunoChat.WaitForLineAsync("You are in edits");
        await using var terminal = await ada.StartInTerminalAsync("chat", "edits");
        await terminal.WaitForLineAsync("You are in edits with bruno");

        await terminal.TypeAsync("helo");
        await terminal.PressAsync("Left");
        await terminal.TypeAsync("l");
        await terminal.PressAsync("End");
        await terminal.TypeAsync(" world");
        await terminal.PressEnterAsync();
        await brunoChat.WaitForLineAsync(Time + "ada ✓ hello world$");

        await terminal.PressAsync("Up");
        await terminal.WaitForLineAsync("^> hello world$");
        await terminal.PressAsync("C-u");
        await terminal.TypeAsync("br");
        await terminal.PressAsync("Tab");
        await terminal.WaitForLineAsync("^> bruno:$");
        await terminal.TypeAsync("ok");
        await terminal.PressEnterAsync();
        await brunoChat.WaitForLineAsync(Time + "ada ✓ bruno: ok$");

        // One Backspace each for a CJK character (two columns) and an emoji (two chars, two columns).
        await terminal.TypeAsync("1中😀2");
        await terminal.PressAsync("Left", "BSpace", "BSpace", "End");
        await terminal.TypeAsync("3");
        await terminal.PressEnterAsync();
        await brunoChat.WaitForLineAsync(Time + "ada ✓ 123$");

        await terminal.TypeAsync("/quit");
        await terminal.PressEnterAsync();
        (await terminal.WaitForExitAsync()).Should().Be(ExitCode.Ok);
    }

    [Fact]
    public async Task ABracketedPaste_OfSeveralLines_IsOneMessage_NeverACommand_AndTheTerminalLeavesPasteModeAfterQuit()
    {
        var cleo = await Person.InitAsync(relay, "cleo");
        var dan = await Person.InitAsync(relay, "dan");
        await using var cleoChat = cleo.Start("chat", "pastes", "--create", "--json");
        await cleoChat.WaitForLineAsync("You are in pastes");
        await using var terminal = await dan.StartInTerminalAsync("chat", "pastes");
        await terminal.WaitForLineAsync("You are in pastes with cleo");

        await terminal.PasteAsync("/who\nsecond line");

        // The pasted line break did not send anything: the input line holds both lines and says what Enter does.
        await terminal.WaitForLineAsync(@"^\[2 lines, Enter sends them as one message\] > /who⏎second line$");
        await terminal.PressEnterAsync();
        await cleoChat.WaitForLineAsync(@"""sender"":""dan"",""text"":""/who\\nsecond line""");
        await terminal.WaitForLineAsync(Time + @"dan ✓ /who\n {15}second line$");
        (await terminal.ScreenAsync()).Should().NotContain("Fingerprint", "the pasted /who was not run (it shows the member table)");

        await terminal.TypeAsync("/quit");
        await terminal.PressEnterAsync();
        (await terminal.WaitForExitAsync()).Should().Be(ExitCode.Ok);
        var written = await terminal.WaitForRawOutputAsync(
            output => output.LastIndexOf(PasteOff, StringComparison.Ordinal) > output.LastIndexOf(PasteOn, StringComparison.Ordinal),
            "bracketed paste switched off after it was last switched on");
        written.Should().Contain(PasteOn);
        cleoChat.Output.Should().ContainSingle(line => line.Contains(@"""sender"":""dan""", StringComparison.Ordinal), "the paste was one message");
    }
}
