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
    public static async Task<ExternalToolResult> RunAsync(string fileName, IEnumerable<string> arguments, string? standardInput = null, CancellationToken cancellationToken = default)
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
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);

        Task<string> stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        Task<string> stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput.AsMemory(), timeout.Token);
        }

        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new ExternalToolResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs the tool and fails the test with its output unless it exits with 0.</summary>
    public static async Task<ExternalToolResult> RunSuccessfullyAsync(string fileName, IEnumerable<string> arguments, string? standardInput = null, CancellationToken cancellationToken = default)
    {
        ExternalToolResult result = await RunAsync(fileName, arguments, standardInput, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} failed: {result}");
        }

        return result;
    }
}
