using System.CommandLine;

namespace PyChat.Relay.Commands;

/// <summary>
/// The relay's command line: verbs first (<c>users list</c>, <c>reissue-certificate</c>), then the relay's configuration
/// (<c>--Relay:DataDirectory x</c>). With no verb, the relay runs, reading every argument as configuration as it always has.
/// A new verb is one line in <see cref="Build"/>.
/// </summary>
internal static class RelayCommandLine
{
    public const string ProgramName = "PyChat.Relay";

    public static RootCommand Build()
    {
        var root = new RootCommand(
            "The PyChat relay. Without a command it runs the relay; configuration arguments such as "
            + "--urls https://0.0.0.0:7443 or --Relay:DataDirectory DIR follow the command, for the relay and for every command alike.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        root.SetAction(RunRelayCommand.RunAsync);
        root.Subcommands.Add(ReissueCertificateCommand.Create());
        root.Subcommands.Add(RelayVerb.PassThrough(
            IssueProxyCertificateCommand.Name, "Issues proxy.crt and proxy.key for a TLS-terminating proxy from the relay's CA (--host NAME, repeatable; --out DIR).", IssueProxyCertificateCommand.Run));
        root.Subcommands.Add(RelayVerb.Group("users", "The relay's registered users.", UsersListCommand.Create(), UsersRemoveCommand.Create()));
        root.Subcommands.Add(RelayVerb.Group("rooms", "The relay's rooms.", RoomsListCommand.Create()));
        return root;
    }

    /// <summary>Parses <paramref name="args"/> and runs what they name; returns one of <see cref="ExitCodes"/>.</summary>
    public static async Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var parseResult = Build().Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var problem in parseResult.Errors)
            {
                await error.WriteLineAsync(problem.Message);
            }

            await error.WriteLineAsync($"Run '{CommandIo.UsageName(parseResult)} --help' for usage.");
            return ExitCodes.Usage;
        }

        // No termination handling of its own: the running relay's host handles Ctrl+C and SIGTERM, and needs its
        // CloseTimeout to close connections (System.CommandLine would end the process after 2 s).
        var configuration = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null };
        return await parseResult.InvokeAsync(configuration, cancellationToken);
    }
}
