using System.CommandLine;
using System.CommandLine.Parsing;

namespace PyChat.ConsoleClient.Commands;

/// <summary>
/// pychat's commands, arguments and options, as System.CommandLine symbols. Built anew for every parse (a symbol
/// belongs to the commands it was added to). The options every command takes are recursive: they may stand before the
/// command or after it.
/// </summary>
internal sealed class CommandLineGrammar
{
    public const string Epilogue =
        """

        The password can also come from PYCHAT_PASSWORD; the timeout from PYCHAT_TIMEOUT; the home folder from PYCHAT_HOME.
        Without a terminal, output is plain. Bots: see 'Bots and scripts' in docs/CONSOLE.md.
        Exit codes: 0 ok, 1 usage, 2 wrong password, 3 relay unreachable, 4 certificate not trusted,
        5 room full, 6 unknown room, 7 name taken, 8 authentication failed, 9 identity missing or exists,
        10 other error, 11 room exists, 130 interrupted.
        """;

    private readonly Dictionary<Command, Verb> _verbs = [];
    private readonly Dictionary<Command, Argument<string>> _rooms = [];

    public CommandLineGrammar()
    {
        Root = new RootCommand("PyChat: end-to-end encrypted group chat. With no command on a terminal: the interactive menu.");
        foreach (var option in new Option[] { HomeOption, RelayOption, CaOption, UserOption, PasswordStdin, Plain, Timeout })
        {
            option.Recursive = true;
            Root.Options.Add(option);
        }

        Root.SetAction(_ => 0); // no command is a command: the menu (and no "required command" error)
        _verbs[Root] = Verb.Menu;
        Add(new Command("menu", "the interactive menu: create, join or list rooms (a terminal is required)"), Verb.Menu);
        Add(new Command("init", "create your identity key and register your user name with the relay"), Verb.Init);
        Add(new Command("rooms", "list the active rooms (plain: one \"NAME MEMBERS/CAPACITY\" per line)") { Json() }, Verb.Rooms);
        Add(WithRoom(new Command("chat", "enter a room; each input line is a message or a /command") { Create(), NoSelf(), Json() }), Verb.Chat);
        Send = WithRoom(new Command("send", "join ROOM, send one message, leave; 'send ROOM -' reads the message from standard input") { Create() });
        Send.Arguments.Add(Text);
        Add(Send, Verb.Send);
        Add(ReadCommand(), Verb.Read);
        Add(new Command("whoami", "your user name and key fingerprint"), Verb.Whoami);
        Help = new Command("help", "this text, or a command's") { HelpTopic };
        Add(Help, Verb.Help);
    }

    public RootCommand Root { get; }

    public Command Send { get; }

    public Command Help { get; }

    public Argument<string[]> Text { get; } = new("TEXT") { Arity = ArgumentArity.ZeroOrMore, Description = "the message; none, or '-', to read it from standard input" };

    public Argument<string?> HelpTopic { get; } = new("COMMAND") { Arity = ArgumentArity.ZeroOrOne, Description = "the command to explain" };

    private Option<string> HomeOption { get; } = new("--home") { HelpName = "DIR", Description = "home folder (default ~/.pychat, or PYCHAT_HOME)" };

    private Option<Uri> RelayOption { get; } = new("--relay")
    {
        HelpName = "URI",
        Description = "relay address, wss://host:port/ws (default: config.json)",
        CustomParser = Parsed(CommandLineParser.ParseRelay),
    };

    private Option<string> CaOption { get; } = new("--ca") { HelpName = "PATH", Description = "the relay's CA certificate to pin (default: config.json)" };

    private Option<string> UserOption { get; } = new("--user", "-u")
    {
        HelpName = "NAME",
        Description = "user name (init; default: config.json)",
        CustomParser = Parsed(value => CommandLineParser.ParseName(value, "user")),
    };

    private Option<bool> PasswordStdin { get; } = Flag("--password-stdin", "read the password from the first line of standard input");

    private Option<bool> Plain { get; } = Flag("--plain", "plain line output even on a terminal");

    private Option<int?> Timeout { get; } = new("--timeout")
    {
        HelpName = "N",
        Description = "longest wait for the relay, in seconds (default 10, or PYCHAT_TIMEOUT)",
        CustomParser = Parsed<int?>(value => CommandLineParser.ParseTimeout(value, "--timeout")),
    };

    private Option<bool>? CreateOption { get; set; }

    private Option<int?>? SecondsOption { get; set; }

    private Option<int?>? CountOption { get; set; }

    private Option<bool>? FollowOption { get; set; }

    private readonly List<Option<bool>> _noSelf = [];
    private readonly List<Option<bool>> _json = [];
    private readonly List<Option<bool>> _create = [];

    public Verb VerbOf(Command command) => _verbs[command];

    public Argument<string>? RoomOf(Command command) => _rooms.GetValueOrDefault(command);

    public CommandOptions OptionsOf(ParseResult result) => new()
    {
        Home = result.GetValue(HomeOption),
        Relay = result.GetValue(RelayOption),
        CaFile = result.GetValue(CaOption) is { } ca ? (string.IsNullOrWhiteSpace(ca) ? throw new UsageException("--ca needs a value.") : ca) : null,
        User = result.GetValue(UserOption),
        PasswordFromStdin = result.GetValue(PasswordStdin),
        Create = _create.Any(o => result.GetValue(o)),
        Seconds = SecondsOption is null ? null : result.GetValue(SecondsOption),
        Count = CountOption is null ? null : result.GetValue(CountOption),
        Follow = FollowOption is not null && result.GetValue(FollowOption),
        NoSelf = _noSelf.Any(o => result.GetValue(o)),
        Json = _json.Any(o => result.GetValue(o)),
        Plain = result.GetValue(Plain),
        TimeoutSeconds = result.GetValue(Timeout),
    };

    private Command ReadCommand()
    {
        SecondsOption = new Option<int?>("--seconds", "-s")
        {
            HelpName = "N",
            Description = $"how long to listen (default {CommandOptions.DefaultReadSeconds})",
            CustomParser = Parsed<int?>(value => CommandLineParser.ParseSeconds(value)),
        };
        CountOption = new Option<int?>("--count", "-n")
        {
            HelpName = "N",
            Description = "stop after N messages",
            CustomParser = Parsed<int?>(value => CommandLineParser.ParseCount(value)),
        };
        FollowOption = Flag("--follow", "until interrupted (Ctrl+C, SIGTERM), then leave and exit 0", "-f");
        var read = WithRoom(new Command("read", "join ROOM, print what happens for --seconds, --count messages or, with --follow, until interrupted; leave")
        {
            SecondsOption, CountOption, FollowOption, Create(), NoSelf(), Json(),
        });
        var seconds = SecondsOption;
        var follow = FollowOption;
        read.Validators.Add(command =>
        {
            if (command.GetResult(follow) is not null && command.GetResult(seconds) is not null)
            {
                command.AddError("--follow reads until interrupted; leave out --seconds.");
            }
        });
        return read;
    }

    private Command WithRoom(Command command)
    {
        var room = new Argument<string>("ROOM")
        {
            Description = "the room's name",
            CustomParser = Parsed(value => CommandLineParser.ParseName(value, "room")),
        };
        command.Arguments.Insert(0, room);
        _rooms[command] = room;
        return command;
    }

    private void Add(Command command, Verb verb)
    {
        Root.Subcommands.Add(command);
        _verbs[command] = verb;
    }

    private Option<bool> Create() => Remember(_create, Flag("--create", "create the room if no active room has that name", "-c"));

    private Option<bool> NoSelf() => Remember(_noSelf, Flag("--no-self", "leave out your own messages"));

    private Option<bool> Json() => Remember(_json, Flag("--json", "one JSON object per line (docs/CONSOLE.md, 'Bots and scripts')"));

    private static Option<bool> Remember(List<Option<bool>> all, Option<bool> option)
    {
        all.Add(option);
        return option;
    }

    /// <summary>A switch: present or not, never with a value (<c>--plain=yes</c> is an error, not a silent false).</summary>
    private static Option<bool> Flag(string name, string description, params string[] aliases) =>
        new(name, aliases) { Description = description, Arity = ArgumentArity.Zero };

    /// <summary>A value checked by one of <see cref="CommandLineParser"/>'s parsers, its message kept as the error.</summary>
    private static Func<ArgumentResult, T?> Parsed<T>(Func<string, T> parse) => result =>
    {
        var token = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        try
        {
            return parse(token);
        }
        catch (UsageException e)
        {
            result.AddError(e.Message);
            return default;
        }
    };
}
