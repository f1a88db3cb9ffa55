using System.Text.Json;
using FluentAssertions;

namespace PyChat.ConsoleClient.Tests.EndToEnd;

/// <summary>
/// A peer whose key is not the one remembered: a loud warning, no room key for it and no sends, until the user
/// compares safety numbers and trusts the new key.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class KeyChangeTests(RelayFixture relay) : IClassFixture<RelayFixture>
{
    private const string Time = @"^\d\d:\d\d:\d\d ";

    [Fact]
    public async Task AChangedKey_IsWarnedAbout_MarkedUnverified_UntilTrusted()
    {
        var nina = await Person.InitAsync(relay, "nina");
        var omar = await Person.InitAsync(relay, "omar");
        // Nina "remembers" another key for omar, as if the relay had swapped his key since she last met him.
        var knownPeers = Path.Combine(nina.Home, $"known-peers-{relay.RelayUri.Host}-{relay.RelayUri.Port}.json");
        var otherKey = string.Join(' ', Enumerable.Repeat("ffff", 16));
        await File.WriteAllTextAsync(knownPeers, JsonSerializer.Serialize(new { version = 1, peers = new Dictionary<string, string> { ["omar"] = otherKey } }));

        await using var ninaChat = nina.Start("chat", "keys", "--create");
        await ninaChat.WaitForLineAsync("You are in keys");
        await using var omarChat = omar.Start("chat", "keys");
        await ninaChat.WaitForLineAsync(Time + @"! omar's identity key CHANGED \(was ffff ffff ffff ffff…");

        // Nina is the key hub: omar gets no room key, and nina's own messages are held, until she trusts him.
        await ninaChat.WaitForLineAsync(Time + "! SENDING HELD: nothing you type is sent, and omar gets no room key");
        await ninaChat.WriteLineAsync("anyone there?");
        await ninaChat.WaitForLineAsync("^Not sent: the identity key of omar changed");

        await ninaChat.WriteLineAsync("/who");
        await ninaChat.WaitForLineAsync("^omar member ! [0-9a-f ]+$");
        await ninaChat.WriteLineAsync("/verify omar");
        var ninaSees = await ninaChat.WaitForLineAsync("^Safety number with omar: ");
        await omarChat.WriteLineAsync("/verify nina");
        var omarSees = await omarChat.WaitForLineAsync("^Safety number with nina: ");
        ninaSees.Split(": ")[1].Should().Be(omarSees.Split(": ")[1], "both sides see the same number");

        await ninaChat.WriteLineAsync("/trust omar");
        await ninaChat.WaitForLineAsync("You now trust omar's current key");
        await ninaChat.WaitForLineAsync(Time + @"\* sending resumed");
        await omarChat.WriteLineAsync("verified now");
        await ninaChat.WaitForLineAsync(Time + "omar ✓ verified now$");

        ninaChat.CloseInput();
        omarChat.CloseInput();
        (await ninaChat.WaitForExitAsync()).ExitCode.Should().Be(ExitCode.Ok);
        (await omarChat.WaitForExitAsync()).ExitCode.Should().Be(ExitCode.Ok);
    }
}
