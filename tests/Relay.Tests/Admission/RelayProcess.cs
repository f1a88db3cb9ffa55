using System.Diagnostics;
using PyChat.TestSupport;

namespace PyChat.Relay.Tests.Admission;

/// <summary>
/// The built relay (<c>dotnet PyChat.Relay.dll</c>) as its own process under <c>prlimit --nofile=N:N</c>,
/// so a lowered open-file limit applies to the relay and never to the test runner.
/// </summary>
internal sealed class RelayProcess : IAsyncDisposable
{
    /// <summary>A guard against a hang, never a timing assertion.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private const string ListeningPrefix = "PyChat relay listening on ";
    private readonly Process _process;
    private readonly List<string> _output = [];
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RelayProcess(Process process, string caCertificatePath)
    {
        _process = process;
        CaCertificatePath = caCertificatePath;
    }

    public Uri WebSocketUri { get; private set; } = null!;

    public string CaCertificatePath { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the relay wrote to standard output and error so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <summary>The first output line that matches, waiting for it within <see cref="Patience"/> (logging is asynchronous).</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match)
    {
        using var patience = new CancellationTokenSource(Patience);
        while (true)
        {
            lock (_output)
            {
                if (_output.FirstOrDefault(match) is { } line)
                {
                    return line;
                }
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the relay exited without that line: {Output}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), patience.Token);
        }
    }

    /// <summary>Starts the relay in <paramref name="folder"/> with at most <paramref name="openFiles"/> open files and waits until it listens.</summary>
    public static async Task<RelayProcess> StartAsync(TempDirectory folder, int openFiles, params string[] extra)
    {
        var relay = Launch(folder, openFiles, extra);
        using var patience = new CancellationTokenSource(Patience);
        var exited = relay._process.WaitForExitAsync(patience.Token);
        if (await Task.WhenAny(relay._listening.Task, exited) != relay._listening.Task)
        {
            var output = relay.Output;
            await relay.DisposeAsync();
            throw new InvalidOperationException($"the relay did not start: {output}");
        }

        relay.WebSocketUri = await relay._listening.Task;
        return relay;
    }

    /// <summary>Runs the relay until it exits on its own (a start that must fail); returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(TempDirectory folder, int openFiles, params string[] extra)
    {
        await using var relay = Launch(folder, openFiles, extra);
        using var patience = new CancellationTokenSource(Patience);
        await relay._process.WaitForExitAsync(patience.Token);
        relay._process.WaitForExit(); // flushes the asynchronous output readers
        return (relay._process.ExitCode, relay.Output);
    }

    private static RelayProcess Launch(TempDirectory folder, int openFiles, string[] extra)
    {
        var start = new ProcessStartInfo("prlimit")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add($"--nofile={openFiles}:{openFiles}");
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PyChat.Relay.dll"));
        foreach (var argument in TestRelay.Arguments(folder, extra))
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        var relay = new RelayProcess(process, folder.Combine("certs", "ca.crt"));
        process.OutputDataReceived += (_, line) => relay.Collect(line.Data);
        process.ErrorDataReceived += (_, line) => relay.Collect(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return relay;
    }

    private void Collect(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
        }

        if (line.StartsWith(ListeningPrefix, StringComparison.Ordinal))
        {
            _listening.TrySetResult(new Uri(line[ListeningPrefix.Length..]));
        }
    }

    /// <summary>Sends SIGTERM, as a service manager stopping the relay does, and waits for the relay to exit.</summary>
    public async Task<int> TerminateAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var patience = new CancellationTokenSource(Patience);
        await _process.WaitForExitAsync(patience.Token);
        return _process.ExitCode;
    }

    /// <summary>Kills the relay (SIGKILL, no chance to flush anything) if it still runs.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        using var patience = new CancellationTokenSource(Patience);
        await _process.WaitForExitAsync(patience.Token);
        _process.Dispose();
    }
}
