using PyChat.ConsoleClient.Chat;
using PyChat.ConsoleClient.Chat.Editing;
using PyChat.ConsoleClient.Configuration;
using PyChat.ConsoleClient.Connection;
using PyChat.ConsoleClient.Identity;
using PyChat.ConsoleClient.Rendering;
using Spectre.Console;

namespace PyChat.ConsoleClient.Commands;

/// <summary>What every command works with: the parsed command line, the merged settings, input and output.</summary>
internal sealed class CommandContext
{
    private readonly RichChatOutput? _rich;

    // One history for the whole run: Up recalls a line typed in a room left before (from the menu).
    private readonly InputHistory _history = new();

    public CommandContext(ConsoleEnvironment environment, ParsedCommand command, ClientSettings settings)
    {
        Environment = environment;
        Command = command;
        Settings = settings;
        IsRich = environment.OutputIsTerminal && !command.Options.Plain && !command.Options.Json;
        _rich = IsRich ? new RichChatOutput(environment.Terminal) : null;
        Output = (IChatOutput?)_rich ?? (command.Options.Json
            ? new JsonChatOutput(environment.Output, command.Verb is Verb.Read or Verb.Chat ? command.Room : null)
            : new PlainChatOutput(environment.Output));
        Passwords = new PasswordSource(
            environment.Terminal,
            environment.Input,
            environment.Variable(PasswordSource.EnvironmentVariable),
            command.Options.PasswordFromStdin);
    }

    public ConsoleEnvironment Environment { get; }

    public ParsedCommand Command { get; }

    public ClientSettings Settings { get; set; }

    /// <summary>Colour, tables and prompts: standard output is a terminal and --plain was not given.</summary>
    public bool IsRich { get; }

    public IChatOutput Output { get; }

    public PasswordSource Passwords { get; }

    /// <summary>Reads the identity (asking the password) and logs in.</summary>
    public async Task<RelaySession> LoginAsync(CancellationToken cancellationToken)
    {
        Settings.RequireUser();
        Settings.RequireRelay();
        Settings.RequireCaFile();
        var identity = await IdentityStore.OpenAsync(Settings.Home, Passwords, cancellationToken);
        return await RelaySession.LoginAsync(Settings, identity, cancellationToken);
    }

    /// <summary>
    /// The input the room view reads: at a terminal with rich output, a line editor that stays below arriving
    /// messages (Tab completes the names of the other members of the room on screen, <paramref name="onScreen"/>);
    /// otherwise plain lines from standard input (a script, a pipe), where end of input is /quit. Dispose it when the
    /// room view ends.
    /// </summary>
    public ILineInput CreateRoomInput(Func<IChatRoom> onScreen)
    {
        if (Environment.InputIsTerminal && _rich is not null)
        {
            var input = new TerminalLineInput(TerminalKeys.Shared, Console.Out, () => Console.WindowWidth, _history,
                () => onScreen().Members.Where(m => !m.IsSelf).Select(m => m.Name).ToList());
            _rich.Guard = input;
            return input;
        }

        return new ReaderLineInput(Environment.Input);
    }

    /// <summary>The output for the lines of <paramref name="room"/>, as the options ask (<see cref="RoomOutput"/>).</summary>
    public RoomOutput ForRoom(IChatRoom room) => ForRoom(room, Output);

    /// <summary>The output for the lines of <paramref name="room"/>, on their way to <paramref name="output"/>, as the options ask (<see cref="RoomOutput"/>).</summary>
    public RoomOutput ForRoom(IChatRoom room, IChatOutput output) =>
        new(output, room.Self, Command.Options.NoSelf, forPeople: !Command.Options.Json, TimeProvider.System);

    /// <summary>Writes a status line for a person (not part of the parseable output): to standard error when plain.</summary>
    public void Status(string text)
    {
        if (IsRich)
        {
            Environment.Terminal.MarkupLine($"[grey]{Markup.Escape(text)}[/]");
        }
        else
        {
            Environment.Error.WriteLine(text);
        }
    }
}
