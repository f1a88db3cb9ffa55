using System.Diagnostics;

namespace PyChat.TestSupport;

/// <summary>Runs a real external program (openssl, python3) as a peer in interop tests.</summary>
public static class ExternalTool
{
    /// <summary>The longest any one tool may run before it is killed.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Runs <paramref name="fileName"/> with <paramref name="arguments"/> (passed as separate
    /// arguments, no shell), writes <paramref name="standardInput"/> if given, and collects the output.
    /// </summary>
    public static Task<ExternalToolResult> RunAsync(string fileName, IEnumerable<string> arguments, string? standardInput = null, CancellationToken cancellationToken = default) =>
        RunAsync(fileName, arguments, Timeout, standardInput, cancellationToken);

    /// <summary>As above, killing the tool after <paramref name="timeout"/> instead of <see cref="Timeout"/> (a build, a package restore).</summary>
    public static async Task<ExternalToolResult> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout, string? standardInput = null, CancellationToken cancellationToken = default)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);

        Task<string> stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
        Task<string> stderr = process.StandardError.ReadToEndAsync(deadline.Token);
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput.AsMemory(), deadline.Token);
        }

        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new ExternalToolResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs the tool and fails the test with its output unless it exits with 0.</summary>
    public static Task<ExternalToolResult> RunSuccessfullyAsync(string fileName, IEnumerable<string> arguments, string? standardInput = null, CancellationToken cancellationToken = default) =>
        RunSuccessfullyAsync(fileName, arguments, Timeout, standardInput, cancellationToken);

    /// <summary>As above, with the tool's own <paramref name="timeout"/>.</summary>
    public static async Task<ExternalToolResult> RunSuccessfullyAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout, string? standardInput = null, CancellationToken cancellationToken = default)
    {
        ExternalToolResult result = await RunAsync(fileName, arguments, timeout, standardInput, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} failed: {result}");
        }

        return result;
    }
}
