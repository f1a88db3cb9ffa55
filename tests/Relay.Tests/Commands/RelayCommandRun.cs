using PyChat.Relay.Commands;

namespace PyChat.Relay.Tests.Commands;

/// <summary>What one relay command did: its exit code and everything it wrote.</summary>
internal sealed record RelayCommandRun(int ExitCode, string Output, string Error)
{
    /// <summary>Runs the relay's command line in-process, as <c>PyChat.Relay ARGS</c> would.</summary>
    public static async Task<RelayCommandRun> InvokeAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await RelayCommandLine.InvokeAsync(args, output, error);
        return new RelayCommandRun(exitCode, output.ToString(), error.ToString());
    }
}
