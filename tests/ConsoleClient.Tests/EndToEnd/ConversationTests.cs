using FluentAssertions;

namespace PyChat.ConsoleClient.Tests.EndToEnd;

/// <summary>
/// People chatting through the built pychat program against a real relay: each one a separate process with
/// its own home folder, typing on standard input and reading standard output (plain, since it is a pipe).
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class ConversationTests(RelayFixture relay) : IClassFixture<RelayFixture>
{
    private const string Time = @"^\d\d:\d\d:\d\d ";

    [Fact]
    public async Task ThreePeople_CreateJoinChat_AndOneLeaves()
    {
        var alice = await Person.InitAsync(relay, "alice");
        var bob = await Person.InitAsync(relay, "bob");
        var carol = await Person.InitAsync(relay, "carol");

        await using var aliceChat = alice.Start("chat", "lobby", "--create");
        await aliceChat.WaitForLineAsync("You are in lobby");

        await using var bobChat = bob.Start("chat", "lobby");
        await bobChat.WaitForLineAsync(@"^You are in lobby with alice \(key hub\)\.");
        await aliceChat.WaitForLineAsync(Time + @"\* bob joined");

        await aliceChat.WriteLineAsync("hello bob");
        await bobChat.WaitForLineAsync(Time + "alice ✓ hello bob$");
        await aliceChat.WaitForLineAsync(Time + "alice ✓ hello bob$"); // her own line

        await using var carolChat = carol.Start("chat", "lobby");
        await carolChat.WaitForLineAsync("You are in lobby");
        await aliceChat.WaitForLineAsync(Time + @"\* carol joined");
        await bobChat.WaitForLineAsync(Time + @"\* carol joined");

        await bobChat.WriteLineAsync("hi both, bob here");
        await aliceChat.WaitForLineAsync(Time + "bob ✓ hi both, bob here$");
        await carolChat.WaitForLineAsync(Time + "bob ✓ hi both, bob here$");

        await carolChat.WriteLineAsync("/who");
        await carolChat.WaitForLineAsync("^alice hub ✓ [0-9a-f ]+$");
        await carolChat.WaitForLineAsync("^carol member ✓ [0-9a-f ]+ \\(you\\)$");

        await carolChat.WriteLineAsync("/leave");
        var carolResult = await carolChat.WaitForExitAsync();
        carolResult.ExitCode.Should().Be(ExitCode.Ok, carolResult.ToString());
        await aliceChat.WaitForLineAsync(Time + @"\* carol left");
        await bobChat.WaitForLineAsync(Time + @"\* carol left");

        await aliceChat.WriteLineAsync("just us again");
        await bobChat.WaitForLineAsync(Time + "alice ✓ just us again$");
        carolChat.Output.Should().NotContain(line => line.Contains("just us again"), "she left before it was sent");

        await aliceChat.WriteLineAsync("/quit");
        (await aliceChat.WaitForExitAsync()).ExitCode.Should().Be(ExitCode.Ok);
        await bobChat.WaitForLineAsync(Time + @"\* alice left");
        await bobChat.WaitForLineAsync(Time + @"\* bob is now the key hub");

        bobChat.CloseInput(); // end of input is /quit
        var bobResult = await bobChat.WaitForExitAsync();
        bobResult.ExitCode.Should().Be(ExitCode.Ok, bobResult.ToString());
        bobResult.Error.Should().BeEmpty();
    }

    [Fact]
    public async Task Scripts_ListRooms_SendOneMessage_AndReadForAWhile()
    {
        var host = await Person.InitAsync(relay, "host");
        var poster = await Person.InitAsync(relay, "poster");
        var reader = await Person.InitAsync(relay, "reader");

        await using var hostChat = host.Start("chat", "scripted", "--create");
        await hostChat.WaitForLineAsync("You are in scripted");

        var rooms = await poster.RunAsync("rooms");
        rooms.ExitCode.Should().Be(ExitCode.Ok, rooms.ToString());
        rooms.Output.Should().Contain("scripted 1/10");

        var send = await poster.RunAsync("send", "scripted", "posted", "by", "a", "script");
        send.ExitCode.Should().Be(ExitCode.Ok, send.ToString());
        send.Output.Should().BeEmpty();
        await hostChat.WaitForLineAsync(Time + "poster ✓ posted by a script$");

        // It reads until the one message came; --seconds only bounds a hang, so a slow machine cannot end the read first.
        await using var reading = reader.Start("read", "scripted", "--count", "1", "--seconds", "120");
        await hostChat.WaitForLineAsync(Time + @"\* reader joined");
        await hostChat.WriteLineAsync("for the reader");
        var read = await reading.WaitForExitAsync();
        read.ExitCode.Should().Be(ExitCode.Ok, read.ToString());
        read.Output.Should().Contain(line => System.Text.RegularExpressions.Regex.IsMatch(line, Time + "host ✓ for the reader$"));
        await hostChat.WaitForLineAsync(Time + @"\* reader left");
    }

    [Fact]
    public async Task PasswordStdin_TakesTheFirstLine_AndTheRestIsTheChat()
    {
        var dora = await Person.InitAsync(relay, "dora");

        var result = await PychatProcess.RunAsync(dora.Home, password: null, $"{dora.Password}\nalone here\n/who\n",
            "chat", "solo", "--create", "--password-stdin");

        result.ExitCode.Should().Be(ExitCode.Ok, result.ToString());
        result.Output.Should().Contain(line => System.Text.RegularExpressions.Regex.IsMatch(line, Time + "dora ✓ alone here$"));
        result.Output.Should().Contain(line => line.StartsWith("dora hub ✓ ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Whoami_ShowsTheUserAndFingerprint_FromConfig()
    {
        var erin = await Person.InitAsync(relay, "erin");

        var result = await erin.RunAsync("whoami");

        result.ExitCode.Should().Be(ExitCode.Ok, result.ToString());
        result.Output.Should().ContainSingle().Which.Should().MatchRegex("^erin ([0-9a-f]{4} ){15}[0-9a-f]{4}$");
    }
    [Fact]
    public async Task AJoinIsOneLine_WithItsNewKey_AndSlashKeysListsEveryEpoch()
    {
        var hub = await Person.InitAsync(relay, "keyholder");
        var joiner = await Person.InitAsync(relay, "keyjoiner");
        await using var hubChat = hub.Start("chat", "keyed", "--create");
        await hubChat.WaitForLineAsync("You are in keyed");
        await using var joinerChat = joiner.Start("chat", "keyed");
        await joinerChat.WaitForLineAsync("You are in keyed");

        await hubChat.WaitForLineAsync(Time + @"\* keyjoiner joined");
        await hubChat.WriteLineAsync("/keys");
        await hubChat.WaitForLineAsync(@"^  epoch 2  \d\d:\d\d:\d\d  from keyholder, after keyjoiner joined$");
        hubChat.Output.Should().Contain(line => line.StartsWith("  epoch 1  ", StringComparison.Ordinal) && line.EndsWith("from keyholder", StringComparison.Ordinal));
        // The rotation is either folded into the join (it came within the window) or has its own line: never both.
        var joinLine = hubChat.Output.Single(line => line.Contains("* keyjoiner joined", StringComparison.Ordinal));
        var keyLines = hubChat.Output.Count(line => line.Contains("new room key, epoch 2", StringComparison.Ordinal));
        (joinLine.EndsWith(" · new key", StringComparison.Ordinal) ? 0 : 1).Should().Be(keyLines, string.Join('\n', hubChat.Output));

        await hubChat.WriteLineAsync("/quit");
        (await hubChat.WaitForExitAsync()).ExitCode.Should().Be(ExitCode.Ok);
    }
}
