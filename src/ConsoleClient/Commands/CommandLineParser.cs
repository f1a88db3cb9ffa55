using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Globalization;
using PyChat.Protocol;

namespace PyChat.ConsoleClient.Commands;

/// <summary>
/// Parses <c>pychat [options] [command] [arguments]</c> with System.CommandLine (<see cref="CommandLineGrammar"/>):
/// help for every command, validation, and tab completion through <c>dotnet-suggest</c>. Options may stand anywhere;
/// <c>--</c> ends them, so a message may start with a dash. Names are lower-cased (the protocol's naming rule is lower
/// case only) and checked here, so a typo fails before any connection is made.
/// </summary>
internal static class CommandLineParser
{
    public static ParsedCommand Parse(IReadOnlyList<string> args)
    {
        var grammar = new CommandLineGrammar();
        var result = grammar.Root.Parse([.. args]);
        var command = result.CommandResult.Command;
        if (result.Action is HelpAction || command == grammar.Help)
        {
            // "pychat help read", "pychat read --help": help about read; "pychat help", "pychat --help": about everything.
            var topic = command == grammar.Help ? result.GetValue(grammar.HelpTopic) : command == grammar.Root ? null : command.Name;
            if (topic is not null && !grammar.Root.Subcommands.Any(c => c.Name == topic))
            {
                throw new UsageException($"Unknown command '{topic}'. Try 'pychat help'.");
            }

            return new ParsedCommand(Verb.Help, topic is null ? [] : [topic], new CommandOptions());
        }

        // The [suggest] directive of tab completion is answered even for a half-typed line that does not parse.
        if (result.Action is not null and not ParseErrorAction && result.Action != command.Action)
        {
            return new ParsedCommand(Verb.Builtin, [.. args], new CommandOptions());
        }

        if (command is RootCommand && result.UnmatchedTokens.FirstOrDefault(t => !t.StartsWith('-')) is { } unknown)
        {
            throw new UsageException($"Unknown command '{unknown}'. Try 'pychat help'.");
        }

        if (result.Errors.Count > 0)
        {
            throw new UsageException(Describe(result.Errors[0], command));
        }

        // System.CommandLine takes an unknown "--option" as one more word of send's TEXT; a typo must not be sent to
        // the room as part of the message. After "--" every word is text.
        if (result.Tokens.TakeWhile(t => t.Type != TokenType.DoubleDash)
            .FirstOrDefault(t => t.Type == TokenType.Argument && t.Value.Length > 1 && t.Value.StartsWith('-')) is { } option)
        {
            throw new UsageException($"Unknown option {option.Value}. Try 'pychat {command.Name} --help', or put -- before a message that starts with a dash.");
        }

        var verb = grammar.VerbOf(command);
        var arguments = new List<string>();
        if (grammar.RoomOf(command) is { } room)
        {
            arguments.Add(result.GetValue(room)!);
        }

        if (command == grammar.Send)
        {
            arguments.AddRange(result.GetValue(grammar.Text) ?? []);
            if (!ParsedCommand.IsTextFromInput(arguments) && string.IsNullOrWhiteSpace(string.Join(' ', arguments.Skip(1))))
            {
                throw new UsageException("The message is empty.");
            }
        }

        return new ParsedCommand(verb, arguments, grammar.OptionsOf(result));
    }

    /// <summary>The generated help for <paramref name="command"/> (a verb), or for the whole program.</summary>
    public static void WriteHelp(string? command, TextWriter output)
    {
        var grammar = new CommandLineGrammar();
        var result = grammar.Root.Parse(command is null ? ["--help"] : [command, "--help"]);
        result.Invoke(new InvocationConfiguration { Output = output, Error = output });
        output.WriteLine(CommandLineGrammar.Epilogue);
    }

    /// <summary>Runs what System.CommandLine answers by itself (<see cref="Verb.Builtin"/>): the version, completions.</summary>
    public static void InvokeBuiltin(IReadOnlyList<string> args, TextWriter output) =>
        new CommandLineGrammar().Root.Parse([.. args]).Invoke(new InvocationConfiguration { Output = output, Error = output });

    /// <summary>Lower-cases a user or room name and checks it against the protocol's naming rule.</summary>
    public static string ParseName(string value, string what)
    {
        var name = value.Trim().ToLowerInvariant();
        return Names.IsValid(name)
            ? name
            : throw new UsageException(
                $"'{value}' is not a valid {what} name: use 1-{ProtocolLimits.MaxNameLength} characters a-z, 0-9, '-', '_', '.', starting with a letter or digit.");
    }

    /// <summary>The relay address: <c>wss://host:port/ws</c>. Only TLS: the relay's CA is pinned.</summary>
    public static Uri ParseRelay(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == "wss" && !string.IsNullOrEmpty(uri.Host)
            ? uri
            : throw new UsageException($"'{value}' is not a relay address: use wss://host:port/ws.");

    /// <summary>A timeout in whole seconds, from <c>--timeout</c> or the <c>PYCHAT_TIMEOUT</c> variable (<paramref name="source"/>).</summary>
    public static int ParseTimeout(string value, string source) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            && seconds is > 0 and <= CommandOptions.MaxTimeoutSeconds
            ? seconds
            : throw new UsageException($"{source} must be a whole number of seconds from 1 to {CommandOptions.MaxTimeoutSeconds}.");

    public static int ParseCount(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0
            ? count
            : throw new UsageException("--count must be a whole number of messages, 1 or more.");

    public static int ParseSeconds(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            && seconds is > 0 and <= CommandOptions.MaxReadSeconds
            ? seconds
            : throw new UsageException($"--seconds must be a whole number from 1 to {CommandOptions.MaxReadSeconds}.");

    /// <summary>One line that says what is wrong and where to look, in the words people know from the old parser.</summary>
    private static string Describe(ParseError error, Command command)
    {
        var usage = command is RootCommand ? "pychat help" : $"pychat {command.Name} --help";
        return error.Message.EndsWith('.') ? $"{error.Message} Try '{usage}'." : $"{error.Message}. Try '{usage}'.";
    }
}
