using PyChat.Relay.Hosting;

namespace PyChat.Relay;

internal static class RelayProgram
{
    private static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == ReissueCertificateCommand.Name)
        {
            return ReissueCertificateCommand.Run(args[1..]);
        }

        if (args.Length > 0 && args[0] == IssueProxyCertificateCommand.Name)
        {
            return IssueProxyCertificateCommand.Run(args[1..]);
        }

        try
        {
            await using var relay = await RelayHost.StartAsync(args);
            Console.WriteLine($"PyChat relay listening on {relay.WebSocketUri}");
            Console.WriteLine($"Clients pin the CA certificate {relay.CaCertificatePath}");
            await relay.WaitForShutdownAsync();
            return 0;
        }
        catch (RelayStartupException e)
        {
            await Console.Error.WriteLineAsync($"The relay cannot start: {e.Message}");
            return 1;
        }
    }
}
