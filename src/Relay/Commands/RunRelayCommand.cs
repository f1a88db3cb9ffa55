using System.CommandLine;

namespace PyChat.Relay.Commands;

/// <summary>No verb: run the relay until it is stopped (Ctrl+C, SIGTERM), with every argument as its configuration.</summary>
internal static class RunRelayCommand
{
    public static async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var io = CommandIo.Of(parseResult);
        if (await io.RejectMalformedConfigurationAsync(parseResult) is { } usage)
        {
            return usage;
        }

        try
        {
            await using var relay = await RelayHost.StartAsync(io.Configuration, cancellationToken);
            await io.Output.WriteLineAsync($"PyChat relay listening on {relay.WebSocketUri}");
            await io.Output.WriteLineAsync($"Clients pin the CA certificate {relay.CaCertificatePath}");
            foreach (var management in relay.ManagementUris)
            {
                await io.Output.WriteLineAsync($"Health and metrics on {management}");
            }

            await relay.WaitForShutdownAsync();
            return ExitCodes.Ok;
        }
        catch (RelayStartupException e)
        {
            return await io.FailAsync($"The relay cannot start: {e.Message}");
        }
    }
}
