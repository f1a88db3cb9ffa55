using System.CommandLine;

namespace PyChat.Relay.Commands;

/// <summary>How every relay verb is made: it lets configuration arguments through to the relay's configuration.</summary>
internal static class RelayVerb
{
    /// <summary>A verb whose action gets the configuration arguments and the invocation's writers.</summary>
    public static Command Create(string name, string description, Func<ParseResult, CommandIo, CancellationToken, Task<int>> action)
    {
        var command = Group(name, description);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var io = CommandIo.Of(parseResult);
            return await io.RejectMalformedConfigurationAsync(parseResult) ?? await action(parseResult, io, cancellationToken);
        });
        return command;
    }

    /// <summary>A verb that only holds others (<c>users</c>, <c>rooms</c>).</summary>
    public static Command Group(string name, string description, params Command[] verbs)
    {
        var command = new Command(name, description) { TreatUnmatchedTokensAsErrors = false };
        foreach (var verb in verbs)
        {
            command.Subcommands.Add(verb);
        }

        return command;
    }

    /// <summary>A verb whose command reads its own arguments from a static <c>Run(string[] args)</c>, given every token after the verb.</summary>
    public static Command PassThrough(string name, string description, Func<string[], int> run)
    {
        var command = Group(name, description);
        command.SetAction(parseResult => run(ConfigurationArguments.Of(parseResult)));
        return command;
    }
}
