namespace PyChat.ConsoleClient.Commands;

/// <summary>A command line that passed parsing: a verb, its positional arguments, and the options.</summary>
internal sealed record ParsedCommand(Verb Verb, IReadOnlyList<string> Arguments, CommandOptions Options)
{
    /// <summary>The room argument of chat, send and read, lower-cased as the naming rule asks.</summary>
    public string Room => Arguments[0];

    /// <summary>The message of send: every argument after the room, joined by spaces.</summary>
    public string Text => string.Join(' ', Arguments.Skip(1));
}
