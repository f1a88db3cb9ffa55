using System.Globalization;
using PyChat.Protocol;

namespace PyChat.ConsoleClient.Commands;

/// <summary>
/// Parses <c>pychat [options] [command] [arguments]</c>. Options may stand anywhere; <c>--</c> ends them,
/// so a message may start with a dash. Names are lower-cased (the protocol's naming rule is lower case
/// only) and checked here, so a typo fails before any connection is made.
/// </summary>
internal static class CommandLineParser
{
    private static readonly Dictionary<string, Verb> Verbs = new(StringComparer.Ordinal)
    {
        ["menu"] = Verb.Menu,
        ["init"] = Verb.Init,
        ["rooms"] = Verb.Rooms,
        ["chat"] = Verb.Chat,
        ["send"] = Verb.Send,
        ["read"] = Verb.Read,
        ["whoami"] = Verb.Whoami,
        ["help"] = Verb.Help,
    };

    public static ParsedCommand Parse(IReadOnlyList<string> args)
    {
        var options = new CommandOptions();
        var words = new List<string>();
        var optionsEnded = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (optionsEnded || !arg.StartsWith('-') || arg == "-")
            {
                words.Add(arg);
                continue;
            }

            if (arg == "--")
            {
                optionsEnded = true;
                continue;
            }

            if (arg is "--help" or "-h")
            {
                return new ParsedCommand(Verb.Help, words.Take(1).ToList(), options);
            }

            var (name, inlineValue) = SplitInlineValue(arg);
            string Value() => inlineValue ?? (++i < args.Count ? args[i] : throw new UsageException($"{name} needs a value."));
            options = name switch
            {
                "--home" => options with { Home = NotEmpty(name, Value()) },
                "--relay" => options with { Relay = ParseRelay(Value()) },
                "--ca" => options with { CaFile = NotEmpty(name, Value()) },
                "--user" or "-u" => options with { User = ParseName(Value(), "user") },
                "--password-stdin" => options with { PasswordFromStdin = Flag(name, inlineValue) },
                "--create" or "-c" => options with { Create = Flag(name, inlineValue) },
                "--seconds" or "-s" => options with { Seconds = ParseSeconds(Value()) },
                "--count" or "-n" => options with { Count = ParseCount(Value()) },
                "--follow" or "-f" => options with { Follow = Flag(name, inlineValue) },
                "--no-self" => options with { NoSelf = Flag(name, inlineValue) },
                "--json" => options with { Json = Flag(name, inlineValue) },
                "--plain" => options with { Plain = Flag(name, inlineValue) },
                "--timeout" => options with { TimeoutSeconds = ParseTimeout(Value(), name) },
                _ => throw new UsageException($"Unknown option {name}. Try 'pychat help'."),
            };
        }

        if (words.Count == 0)
        {
            return new ParsedCommand(Verb.Menu, [], options);
        }

        if (!Verbs.TryGetValue(words[0], out var verb))
        {
            throw new UsageException($"Unknown command '{words[0]}'. Try 'pychat help'.");
        }

        var arguments = words.Skip(1).ToList();
        CheckArguments(verb, arguments, options);
        return new ParsedCommand(verb, arguments, options);
    }

    /// <summary>Lower-cases a user or room name and checks it against the protocol's naming rule.</summary>
    public static string ParseName(string value, string what)
    {
        var name = value.Trim().ToLowerInvariant();
        return Names.IsValid(name)
            ? name
            : throw new UsageException(
                $"'{value}' is not a valid {what} name: use 1-{ProtocolLimits.MaxNameLength} characters a-z, 0-9, '-', '_', '.', starting with a letter or digit.");
    }

    private static void CheckArguments(Verb verb, List<string> arguments, CommandOptions options)
    {
        var (min, max, usage) = verb switch
        {
            Verb.Chat => (1, 1, "pychat chat ROOM [--no-self] [--json] [--create]"),
            Verb.Send => (1, int.MaxValue, "pychat send ROOM TEXT... [--create], or pipe the message in: ... | pychat send ROOM -"),
            Verb.Read => (1, 1, "pychat read ROOM [--seconds N | --follow] [--count N] [--no-self] [--json] [--create]"),
            Verb.Help => (0, 1, "pychat help [COMMAND]"),
            _ => (0, 0, $"pychat {verb.ToString().ToLowerInvariant()}"),
        };
        if (arguments.Count < min || arguments.Count > max)
        {
            throw new UsageException($"Usage: {usage}");
        }

        if (verb is Verb.Chat or Verb.Send or Verb.Read)
        {
            arguments[0] = ParseName(arguments[0], "room");
        }

        if (verb == Verb.Send && !ParsedCommand.IsTextFromInput(arguments) && string.IsNullOrWhiteSpace(string.Join(' ', arguments.Skip(1))))
        {
            throw new UsageException("The message is empty.");
        }

        if (options.Seconds is not null && verb != Verb.Read)
        {
            throw new UsageException("--seconds only applies to 'read'.");
        }

        if (options.Count is not null && verb != Verb.Read)
        {
            throw new UsageException("--count only applies to 'read'.");
        }

        if (options.Follow && verb != Verb.Read)
        {
            throw new UsageException("--follow only applies to 'read'.");
        }

        if (options.Follow && options.Seconds is not null)
        {
            throw new UsageException("--follow reads until interrupted; leave out --seconds.");
        }

        if (options.NoSelf && verb is not (Verb.Read or Verb.Chat))
        {
            throw new UsageException("--no-self only applies to 'read' and 'chat'.");
        }

        if (options.Json && verb is not (Verb.Read or Verb.Chat or Verb.Rooms))
        {
            throw new UsageException("--json only applies to 'read', 'chat' and 'rooms'.");
        }

        if (options.Create && verb is not (Verb.Chat or Verb.Send or Verb.Read))
        {
            throw new UsageException("--create only applies to 'chat', 'send' and 'read'.");
        }
    }

    private static (string Name, string? Value) SplitInlineValue(string arg)
    {
        var equals = arg.IndexOf('=', StringComparison.Ordinal);
        return arg.StartsWith("--", StringComparison.Ordinal) && equals > 2
            ? (arg[..equals], arg[(equals + 1)..])
            : (arg, null);
    }

    private static bool Flag(string name, string? inlineValue) =>
        inlineValue is null ? true : throw new UsageException($"{name} takes no value.");

    private static string NotEmpty(string name, string value) =>
        string.IsNullOrWhiteSpace(value) ? throw new UsageException($"{name} needs a value.") : value;

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

    private static int ParseCount(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0
            ? count
            : throw new UsageException("--count must be a whole number of messages, 1 or more.");

    private static int ParseSeconds(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            && seconds is > 0 and <= CommandOptions.MaxReadSeconds
            ? seconds
            : throw new UsageException($"--seconds must be a whole number from 1 to {CommandOptions.MaxReadSeconds}.");
}
