using System.CommandLine;

namespace PyChat.Relay.Commands;

/// <summary>A command's configuration arguments and where it writes: the console, or a test's writers.</summary>
internal sealed record CommandIo(string[] Configuration, TextWriter Output, TextWriter Error)
{
    public static CommandIo Of(ParseResult parseResult) =>
        new(ConfigurationArguments.Of(parseResult), parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error);

    /// <summary><see cref="ExitCodes.Usage"/> after saying why, if the unclaimed tokens are not configuration arguments; else null.</summary>
    public async Task<int?> RejectMalformedConfigurationAsync(ParseResult parseResult)
    {
        if (ConfigurationArguments.Problem(Configuration) is not { } problem)
        {
            return null;
        }

        await Error.WriteLineAsync($"{problem} Run '{UsageName(parseResult)} --help' for usage.");
        return ExitCodes.Usage;
    }

    /// <summary>The command as typed, e.g. <c>PyChat.Relay users remove</c>.</summary>
    public static string UsageName(ParseResult parseResult)
    {
        var names = new List<string>();
        for (var result = parseResult.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, result.Parent is null ? RelayCommandLine.ProgramName : result.Command.Name);
        }

        return string.Join(' ', names);
    }

    /// <summary>One line on stderr and <see cref="ExitCodes.Failed"/>.</summary>
    public async Task<int> FailAsync(string message)
    {
        await Error.WriteLineAsync(message);
        return ExitCodes.Failed;
    }
}
