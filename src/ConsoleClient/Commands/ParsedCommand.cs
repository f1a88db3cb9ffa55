namespace PyChat.ConsoleClient.Commands;

/// <summary>A command line that passed parsing: a verb, its positional arguments, and the options.</summary>
internal sealed record ParsedCommand(Verb Verb, IReadOnlyList<string> Arguments, CommandOptions Options)
{
    /// <summary>The room argument of chat, send and read, lower-cased as the naming rule asks.</summary>
    public string Room => Arguments[0];

    /// <summary>The message of send: every argument after the room, joined by spaces.</summary>
    public string Text => string.Join(' ', Arguments.Skip(1));

    /// <summary>Send's message comes from standard input: no text after the room, or a lone <c>-</c>.</summary>
    public bool TextFromInput => IsTextFromInput(Arguments);

    public static bool IsTextFromInput(IReadOnlyList<string> arguments) =>
        arguments.Count == 1 || (arguments.Count == 2 && arguments[1] == "-");
}
