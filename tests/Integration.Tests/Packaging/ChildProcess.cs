using System.Diagnostics;
using System.Text;
using PyChat.TestSupport;

namespace PyChat.Integration.Tests.Packaging;

/// <summary>
/// A program the packaging tests start (the dotnet CLI, the installed <c>pychat</c>, the sample app): arguments
/// without a shell, a working folder, an environment of the test's choosing, and standard output read line by
/// line so a test can wait for a line while the program still runs.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];
    private readonly StringBuilder _error = new();
    private readonly SemaphoreSlim _changed = new(0);
    private readonly Task _readers;

    private ChildProcess(Process process)
    {
        _process = process;
        _readers = Task.WhenAll(PumpLinesAsync(process.StandardOutput), PumpErrorAsync(process.StandardError));
    }

    public string Describe() => $"stdout:\n{string.Join('\n', Output)}\nstderr:\n{Error}";

    public IReadOnlyList<string> Output
    {
        get
        {
            lock (_output)
            {
                return [.. _output];
            }
        }
    }

    public string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    /// <summary>Starts <paramref name="fileName"/>; standard input is closed at once (nothing here reads it).</summary>
    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, string workingDirectory, ChildEnvironment environment)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        environment.ApplyTo(start.Environment);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start");
        process.StandardInput.Close();
        return new ChildProcess(process);
    }

    /// <summary>Runs to the end; fails the test with the whole output unless the exit code is 0.</summary>
    public static async Task<ExternalToolResult> RunSuccessfullyAsync(string fileName, IEnumerable<string> arguments, string workingDirectory, ChildEnvironment environment, TimeSpan patience)
    {
        var argumentList = arguments.ToList();
        await using var child = Start(fileName, argumentList, workingDirectory, environment);
        var result = await child.WaitForExitAsync(patience);
        if (result.ExitCode != 0)
        {
            throw new Xunit.Sdk.XunitException($"{fileName} {string.Join(' ', argumentList)} (in {workingDirectory}) failed: {result}");
        }

        return result;
    }

    /// <summary>The first output line that <paramref name="match"/> accepts; fails if the program ends first or <paramref name="patience"/> (a hang) runs out.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan patience)
    {
        using var deadline = new CancellationTokenSource(patience);
        while (true)
        {
            if (Output.FirstOrDefault(match) is { } line)
            {
                return line;
            }

            if (_readers.IsCompleted)
            {
                throw new Xunit.Sdk.XunitException($"the program ended without that line.\n{Describe()}");
            }

            try
            {
                // Woken by each new line; the short bound notices an end that came between the checks above.
                await _changed.WaitAsync(TimeSpan.FromMilliseconds(250), deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException($"no such line within {patience}.\n{Describe()}");
            }
        }
    }

    /// <summary>Waits for the exit and the end of its output; <paramref name="patience"/> only bounds a hang.</summary>
    public async Task<ExternalToolResult> WaitForExitAsync(TimeSpan patience)
    {
        using var deadline = new CancellationTokenSource(patience);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
            await _readers.WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"the program did not exit within {patience}.\n{Describe()}");
        }

        return new ExternalToolResult(_process.ExitCode, string.Join('\n', Output), Error);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        // The pipes close with the process; the readers end before the semaphore they signal goes.
        await _readers.WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(_ => { }, TaskScheduler.Default);
        _process.Dispose();
        _changed.Dispose();
    }

    private async Task PumpLinesAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (_output)
            {
                _output.Add(line);
            }

            _changed.Release();
        }

        _changed.Release();
    }

    private async Task PumpErrorAsync(StreamReader reader)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            lock (_error)
            {
                _error.Append(buffer, 0, read);
            }
        }

        _changed.Release();
    }
}
