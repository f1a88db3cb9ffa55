using System.Text.RegularExpressions;
using FluentAssertions;

namespace PyChat.ConsoleClient.Tests.EndToEnd;

/// <summary>The first run of the menu in a real terminal, as a new person meets it: identity, relay, CA, password.</summary>
[Trait("Category", "EndToEnd")]
public sealed class FirstRunTests(RelayFixture relay) : IClassFixture<RelayFixture>
{
    [Fact]
    public async Task AWrongCaFile_IsExplained_AndAskedForAgain_BeforeAnyPasswordIsAsked()
    {
        var home = relay.NewHome("mona");
        var otherCa = await relay.ForeignCaFileAsync();
        await using var terminal = await TerminalSession.StartAsync(home, password: null);

        await Answer(terminal, "^Choose a user name:", "mona");
        await Answer(terminal, "^Relay address", relay.RelayUri.ToString());
        await Answer(terminal, "^The relay's CA certificate file", otherCa);
        await terminal.WaitForLineAsync("^Check the relay address and its CA file\\.$");
        (await terminal.ScreenAsync()).Should().NotContainAny(["Choose a password", "Password:"], "nothing is asked before the relay is trusted");

        // Asked again, the last answers offered as defaults: Enter keeps the address, the CA is typed anew.
        await terminal.WaitForLineAsync("^Relay address .*" + Regex.Escape(relay.RelayUri.ToString()));
        await terminal.PressEnterAsync();
        await Answer(terminal, "^The relay's CA certificate file .*other-ca", relay.CaFile); // typed text replaces the default
        await Answer(terminal, "^Choose a password", Person.DefaultPassword);
        await Answer(terminal, "^Repeat the password", Person.DefaultPassword);
        await terminal.WaitForLineAsync("^Logged in as mona");
        await terminal.WaitForLineAsync("What next\\?");

        await terminal.PressCtrlCAsync();
        (await terminal.WaitForExitAsync()).Should().Be(ExitCode.Interrupted);
        var screen = await terminal.ScreenAsync();
        Regex.Matches(screen, "Choose a password").Should().ContainSingle("the password is asked once, after the relay was trusted");
        File.ReadAllText(Path.Combine(home, "config.json")).Should().Contain(Path.GetFileName(relay.CaFile)).And.NotContain("other-ca");
    }

    private static async Task Answer(TerminalSession terminal, string prompt, string answer)
    {
        await terminal.WaitForLineAsync(prompt);
        await terminal.TypeAsync(answer);
        await terminal.PressEnterAsync();
    }
}
