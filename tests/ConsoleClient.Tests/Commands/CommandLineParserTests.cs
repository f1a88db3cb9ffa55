using FluentAssertions;
using PyChat.ConsoleClient.Commands;

namespace PyChat.ConsoleClient.Tests.Commands;

public sealed class CommandLineParserTests
{
    [Fact]
    public void NoArguments_IsTheMenu()
    {
        var command = CommandLineParser.Parse([]);

        command.Verb.Should().Be(Verb.Menu);
        command.Options.Should().Be(new CommandOptions());
    }

    [Fact]
    public void Options_MayStandAnywhere_AndTakeValuesSeparatelyOrInline()
    {
        var command = CommandLineParser.Parse(
            ["--home", "/tmp/h", "send", "--relay=wss://127.0.0.1:5001/ws", "Lobby", "hello", "--ca", "ca.crt", "world", "--create", "--password-stdin"]);

        command.Verb.Should().Be(Verb.Send);
        command.Room.Should().Be("lobby", "names are lower-cased");
        command.Text.Should().Be("hello world");
        command.Options.Should().Be(new CommandOptions
        {
            Home = "/tmp/h",
            Relay = new Uri("wss://127.0.0.1:5001/ws"),
            CaFile = "ca.crt",
            Create = true,
            PasswordFromStdin = true,
        });
    }

    [Fact]
    public void DoubleDash_EndsOptions_SoAMessageMayStartWithADash()
    {
        var command = CommandLineParser.Parse(["send", "lobby", "--", "--not-an-option", "-x"]);

        command.Text.Should().Be("--not-an-option -x");
    }

    [Fact]
    public void Read_TakesSeconds()
    {
        var command = CommandLineParser.Parse(["read", "lobby", "-s", "3"]);

        command.Verb.Should().Be(Verb.Read);
        command.Options.Seconds.Should().Be(3);
    }

    [Fact]
    public void Read_TakesACountOfMessages() =>
        CommandLineParser.Parse(["read", "lobby", "--count", "2"]).Options.Count.Should().Be(2);

    [Fact]
    public void Read_TakesFollowNoSelfAndJson()
    {
        var options = CommandLineParser.Parse(["read", "lobby", "-f", "--no-self", "--json"]).Options;

        options.Should().Match<CommandOptions>(o => o.Follow && o.NoSelf && o.Json && o.Seconds == null);
    }

    [Fact]
    public void Rooms_TakesJson() =>
        CommandLineParser.Parse(["rooms", "--json"]).Options.Json.Should().BeTrue();

    [Theory]
    [InlineData(new[] { "send", "lobby" }, true)]
    [InlineData(new[] { "send", "lobby", "-" }, true)]
    [InlineData(new[] { "send", "lobby", "-", "two" }, false)]
    [InlineData(new[] { "send", "lobby", "hello" }, false)]
    public void Send_WithoutText_OrWithALoneDash_TakesTheMessageFromStandardInput(string[] args, bool fromInput) =>
        CommandLineParser.Parse(args).TextFromInput.Should().Be(fromInput);

    [Fact]
    public void Timeout_IsTakenForAnyCommand() =>
        CommandLineParser.Parse(["rooms", "--timeout=30"]).Options.TimeoutSeconds.Should().Be(30);

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public void Help_InAnyForm_IsHelp(string word) =>
        CommandLineParser.Parse([word]).Verb.Should().Be(Verb.Help);

    [Fact]
    public void Init_TakesTheUserName_LowerCased() =>
        CommandLineParser.Parse(["init", "--user", "Alice"]).Options.User.Should().Be("alice");

    [Theory]
    [InlineData(new[] { "frobnicate" }, "Unknown command 'frobnicate'")]
    [InlineData(new[] { "rooms", "--bogus" }, "Unrecognized command or argument '--bogus'. Try 'pychat rooms --help'.")]
    [InlineData(new[] { "send", "lobby", "hi", "--craete" }, "Unknown option --craete")]
    [InlineData(new[] { "chat" }, "Required argument 'ROOM' missing for command: 'chat'")]
    [InlineData(new[] { "chat", "a", "b" }, "Unrecognized command or argument 'b'")]
    [InlineData(new[] { "send", "lobby", " " }, "The message is empty")]
    [InlineData(new[] { "rooms", "extra" }, "Unrecognized command or argument 'extra'")]
    [InlineData(new[] { "chat", "bad name!" }, "not a valid room name")]
    [InlineData(new[] { "init", "--user", "-alice" }, "not a valid user name")]
    [InlineData(new[] { "init", "--user", "_alice" }, "not a valid user name")]
    [InlineData(new[] { "rooms", "--relay", "https://host/ws" }, "not a relay address")]
    [InlineData(new[] { "rooms", "--relay" }, "Required argument missing for option: '--relay'")]
    [InlineData(new[] { "read", "lobby", "--seconds", "0" }, "--seconds must be")]
    [InlineData(new[] { "read", "lobby", "--seconds", "ten" }, "--seconds must be")]
    [InlineData(new[] { "send", "lobby", "hi", "--seconds", "3" }, "Unknown option --seconds")]
    [InlineData(new[] { "chat", "lobby", "--seconds", "3" }, "Unrecognized command or argument '--seconds'")]
    [InlineData(new[] { "rooms", "--create" }, "Unrecognized command or argument '--create'")]
    [InlineData(new[] { "help", "frobnicate" }, "Unknown command 'frobnicate'")]
    [InlineData(new[] { "read", "lobby", "-n", "0" }, "--count must be a whole number of messages")]
    [InlineData(new[] { "rooms", "--plain=yes" }, "Unrecognized command or argument 'yes'")]
    [InlineData(new[] { "chat", "lobby", "--follow" }, "Unrecognized command or argument '--follow'")]
    [InlineData(new[] { "read", "lobby", "--follow", "--seconds", "5" }, "--follow reads until interrupted; leave out --seconds")]
    [InlineData(new[] { "rooms", "--no-self" }, "Unrecognized command or argument '--no-self'")]
    [InlineData(new[] { "whoami", "--json" }, "Unrecognized command or argument '--json'")]
    [InlineData(new[] { "rooms", "--timeout", "0" }, "--timeout must be a whole number of seconds from 1 to 600")]
    public void BadCommandLines_AreUsageErrors_ThatSayWhatIsWrong(string[] args, string expected)
    {
        var parse = () => CommandLineParser.Parse(args);

        parse.Should().Throw<UsageException>().Which.Message.Should().Contain(expected);
    }
}
