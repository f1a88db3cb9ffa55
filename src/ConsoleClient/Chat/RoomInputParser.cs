using PyChat.ConsoleClient.Commands;

namespace PyChat.ConsoleClient.Chat;

/// <summary>
/// Parses a line typed in the room view. A line starting with <c>/</c> is a command; <c>//</c> sends a
/// message that starts with one <c>/</c>. Blank lines are ignored (null). A line holding pasted text is a message,
/// whatever it starts with.
/// </summary>
internal static class RoomInputParser
{
    public const string HelpText =
        """
        Type a message and press Enter to send it. Commands:
          /who           members, which one is the key hub, their key fingerprints
          /keys          the room keys so far: epoch, when, from which hub, after which join or leave
          /verify NAME   the safety number to compare with NAME by phone or in person
          /trust NAME    accept NAME's new key after it changed (verify first!); sending resumes
          /join ROOM     join another room, in a window of its own (/create ROOM makes a new one)
          /win N         show window N (also Alt+1 … Alt+9); the prompt shows each window's unread count
          /rooms         your windows, and the relay's active rooms
          /leave         leave the room on screen (also /part); the last one ends the view
          /help          this list
          /quit          leave every room and exit (also: end of input, Ctrl+D)
          //text         send a message that starts with /
        Pasted text is always a message, never a command; a paste of several lines is one message.
        Editing at a terminal: Left/Right, Home/End (Ctrl+A/E), Ctrl+W/U/K delete a word/to the start/to the end,
        Up/Down earlier lines, Tab completes a member's name.
        """;

    public static RoomInput? Parse(InputLine line) => line.Pasted ? Pasted(line.Text) : Parse(line.Text);

    /// <summary>
    /// Pasted text is sent as it is, line breaks and a leading <c>/</c> included; only the blank lines and trailing
    /// blanks a copy tends to pick up at its ends are left out.
    /// </summary>
    public static RoomInput? Pasted(string text)
    {
        var message = text.TrimEnd().TrimStart('\n');
        return string.IsNullOrWhiteSpace(message) ? null : new RoomInput.Say(message);
    }

    public static RoomInput? Parse(string line)
    {
        var trimmed = line.Trim();
        if (trimmed.Length == 0)
        {
            return null;
        }

        if (!trimmed.StartsWith('/'))
        {
            return new RoomInput.Say(line.TrimEnd());
        }

        if (trimmed.StartsWith("//", StringComparison.Ordinal))
        {
            return new RoomInput.Say(line.TrimEnd()[(line.IndexOf('/', StringComparison.Ordinal) + 1)..]);
        }

        var parts = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var command = parts[0].ToLowerInvariant();
        var arguments = parts.Skip(1).ToArray();
        return command switch
        {
            "/who" or "/members" => NoArguments(command, arguments, new RoomInput.Who()),
            "/keys" => NoArguments(command, arguments, new RoomInput.Keys()),
            "/verify" => WithName(command, arguments, name => new RoomInput.Verify(name)),
            "/trust" => WithName(command, arguments, name => new RoomInput.Trust(name)),
            "/leave" or "/part" => NoArguments(command, arguments, new RoomInput.Leave()),
            "/join" => WithName(command, arguments, name => new RoomInput.Join(name, Create: false), "ROOM", "room"),
            "/create" => WithName(command, arguments, name => new RoomInput.Join(name, Create: true), "ROOM", "room"),
            "/win" or "/window" => WindowNumber(command, arguments),
            "/rooms" => NoArguments(command, arguments, new RoomInput.Rooms()),
            "/help" or "/?" => new RoomInput.Help(),
            "/quit" or "/exit" => NoArguments(command, arguments, new RoomInput.Quit()),
            _ => new RoomInput.Invalid($"Unknown command {parts[0]}. Type /help for the list."),
        };
    }

    private static RoomInput NoArguments(string command, string[] arguments, RoomInput input) =>
        arguments.Length == 0 ? input : new RoomInput.Invalid($"{command} takes no arguments.");

    private static RoomInput WindowNumber(string command, string[] arguments) =>
        arguments is [var number] && int.TryParse(number, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0
            ? new RoomInput.Window(n)
            : new RoomInput.Invalid($"Usage: {command} N (the window's number, as the prompt shows it)");

    private static RoomInput WithName(string command, string[] arguments, Func<string, RoomInput> create, string placeholder = "NAME", string what = "user")
    {
        if (arguments.Length != 1)
        {
            return new RoomInput.Invalid($"Usage: {command} {placeholder}");
        }

        try
        {
            return create(CommandLineParser.ParseName(arguments[0], what));
        }
        catch (UsageException e)
        {
            return new RoomInput.Invalid(e.Message);
        }
    }
}
