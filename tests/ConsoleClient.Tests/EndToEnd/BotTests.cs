using System.Text.Json;
using FluentAssertions;

namespace PyChat.ConsoleClient.Tests.EndToEnd;

/// <summary>
/// Bots as docs/CONSOLE.md ("Bots and scripts") tells people to write them: each under its own identity in its own home
/// folder (a second login as the same user closes the first session), one process for both ways — <c>chat --json
/// --no-self</c> with its standard input and output as pipes — or <c>read --follow --json</c> for one that only listens.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class BotTests(RelayFixture relay) : IClassFixture<RelayFixture>
{
    [Fact]
    public async Task ABot_HearsTheRoomAsJson_AnswersOnStandardInput_NeverHearsItself_AndLeavesOnSigterm()
    {
        var alice = await Person.InitAsync(relay, "alice");
        var carol = await Person.InitAsync(relay, "carol");
        var bot = await Person.InitAsync(relay, "echo-bot");
        await using var aliceChat = alice.Start("chat", "bots", "--create");
        await aliceChat.WaitForLineAsync("You are in bots");

        await using var botChat = bot.Start("chat", "bots", "--json", "--no-self");
        await aliceChat.WaitForLineAsync(@"\* echo-bot joined");
        var keyed = Parse(await botChat.WaitForLineAsync("\"event\":\"key-rotated\""));
        keyed.GetProperty("room").GetString().Should().Be("bots");
        keyed.GetProperty("member").GetString().Should().Be("alice", "she is the key hub");

        // Carol's question from a script: two lines and quotes, one message, its line break kept, one JSON line.
        var asked = await PychatProcess.RunAsync(carol.Home, carol.Password, "what is \"2+2\"?\nanswer in words\n", "send", "bots", "-");
        asked.ExitCode.Should().Be(ExitCode.Ok, asked.ToString());
        var question = Parse(await botChat.WaitForLineAsync("\"sender\":\"carol\""));
        question.GetProperty("type").GetString().Should().Be("message");
        question.GetProperty("text").GetString().Should().Be("what is \"2+2\"?\nanswer in words");
        question.GetProperty("verified").GetBoolean().Should().BeTrue();
        question.GetProperty("time").GetDateTimeOffset().Offset.Should().Be(TimeSpan.Zero);

        await botChat.WriteLineAsync("four");
        await aliceChat.WaitForLineAsync("echo-bot ✓ four$");

        // Alice's next message is proof that the bot has seen all before it; its own "four" is not among it.
        await aliceChat.WriteLineAsync("thanks");
        await botChat.WaitForLineAsync("\"text\":\"thanks\"");
        botChat.Output.Where(line => line.Contains("\"type\":\"message\"")).Select(line => Parse(line).GetProperty("sender").GetString())
            .Should().Equal(["carol", "alice"], "--no-self leaves out the bot's own answer");
        aliceChat.Output.Should().NotContain(line => line.Contains("connection closed"), "the bot and the script log in as users of their own");

        await botChat.TerminateAsync();
        var stopped = await botChat.WaitForExitAsync();
        stopped.ExitCode.Should().Be(ExitCode.Interrupted, stopped.ToString());
        await aliceChat.WaitForLineAsync(@"\* echo-bot left");
        stopped.Output.Should().AllSatisfy(line => Parse(line).ValueKind.Should().Be(JsonValueKind.Object), "standard output is JSON only");
    }

    [Fact]
    public async Task AListener_FollowsUntilSigterm_ThenLeavesAndExitsZero()
    {
        var host = await Person.InitAsync(relay, "host");
        var listening = await Person.InitAsync(relay, "listener");
        await using var hostChat = host.Start("chat", "followed", "--create");
        await hostChat.WaitForLineAsync("You are in followed");
        await using var listener = listening.Start("read", "followed", "--follow", "--json");
        await hostChat.WaitForLineAsync(@"\* listener joined");

        await hostChat.WriteLineAsync("for the log");
        var message = Parse(await listener.WaitForLineAsync("\"type\":\"message\""));
        message.GetProperty("text").GetString().Should().Be("for the log");
        message.GetProperty("room").GetString().Should().Be("followed");

        await listener.TerminateAsync();
        var stopped = await listener.WaitForExitAsync();
        stopped.ExitCode.Should().Be(ExitCode.Ok, stopped.ToString());
        stopped.Error.Should().BeEmpty();
        await hostChat.WaitForLineAsync(@"\* listener left");
    }

    [Fact]
    public async Task TheMessage_WithThePasswordOnTheFirstLine_IsTheRestOfStandardInput()
    {
        var piper = await Person.InitAsync(relay, "piper");
        var listening = await Person.InitAsync(relay, "pipe-reader");
        await using var listener = listening.Start("read", "piped", "--create", "--follow", "--json");
        await listener.WaitForLineAsync("\"event\":\"key-rotated\""); // the room exists, with its first key

        var sent = await PychatProcess.RunAsync(piper.Home, password: null, piper.Password + "\nfrom a pipe\n", "--password-stdin", "send", "piped", "-");

        sent.ExitCode.Should().Be(ExitCode.Ok, sent.ToString());
        var message = Parse(await listener.WaitForLineAsync("\"type\":\"message\""));
        message.GetProperty("text").GetString().Should().Be("from a pipe");
    }

    [Fact]
    public async Task AMessageTooLongOnStandardInput_IsRefusedBeforeTheRelayIsReached()
    {
        var alice = await Person.InitAsync(relay, "longpipe");
        var text = new string('x', PyChat.Client.ChatRoom.MaxMessageBytes + 100); // within a pipe's buffer: the write never waits for a reader

        var sent = await PychatProcess.RunAsync(alice.Home, alice.Password, text, "send", "nowhere", "-");

        sent.ExitCode.Should().Be(ExitCode.Usage, sent.ToString());
        sent.Error.Should().ContainSingle().Which.Should().Contain("longer than 32,768 bytes").And.Contain("Nothing was sent");
        sent.Error.Single().Should().NotContain("xxxx", "a pasted file is never echoed");
    }

    private static JsonElement Parse(string line) => JsonDocument.Parse(line).RootElement.Clone();
}
