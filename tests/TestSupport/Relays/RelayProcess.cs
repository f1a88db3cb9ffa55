using System.Diagnostics;

namespace PyChat.TestSupport.Relays;

/// <summary>
/// The built relay (<c>dotnet PyChat.Relay.dll</c>) as its own process under <c>prlimit --nofile=N:N</c>, so a
/// lowered open-file limit applies to the relay and never to the test runner; and so that a test can do to it what
/// an operator or a crash does: stop it gracefully (SIGTERM), kill it (SIGKILL), freeze it (SIGSTOP, SIGCONT) and
/// start it again on the same folder and port.
/// </summary>
public sealed class RelayProcess : IAsyncDisposable
{
    /// <summary>A guard against a hang, never a timing assertion.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private const string ListeningPrefix = "PyChat relay listening on ";
    private readonly TempDirectory _folder;
    private readonly int _openFiles;
    private readonly string[] _extra;
    private readonly string[] _command;
    private readonly List<string> _output = [];
    private Process _process = null!;
    private TaskCompletionSource<Uri> _listening = null!;

    private RelayProcess(TempDirectory folder, int openFiles, string[] extra, string? executable = null)
    {
        _folder = folder;
        _openFiles = openFiles;
        _extra = extra;
        _command = executable is null ? ["dotnet", Path.Combine(AppContext.BaseDirectory, "PyChat.Relay.dll")] : [executable];
        Launch(extra);
    }

    public Uri WebSocketUri { get; private set; } = null!;

    public string CaCertificatePath => _folder.Combine("certs", "ca.crt");

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything the relay wrote to standard output and error so far, over every start.</summary>
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

    /// <summary>The arguments of a relay keeping its data and certificates in <paramref name="folder"/>, on a free port.</summary>
    public static string[] Arguments(TempDirectory folder, params string[] extra) =>
    [
        "--urls", "https://127.0.0.1:0",
        "--Relay:DataDirectory", folder.Combine("data"),
        "--Relay:CertificateDirectory", folder.Combine("certs"),
        "--Logging:LogLevel:Default", "Warning",
        .. extra,
    ];

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
        var relay = new RelayProcess(folder, openFiles, extra);
        try
        {
            await relay.WaitUntilListeningAsync();
            return relay;
        }
        catch
        {
            await relay.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts a relay published on its own (<c>dotnet publish --self-contained</c>): <paramref name="executable"/> is its
    /// apphost, <c>PyChat.Relay</c>, run as an operator runs it, without <c>dotnet</c>.
    /// </summary>
    public static async Task<RelayProcess> StartPublishedAsync(string executable, TempDirectory folder, params string[] extra)
    {
        var relay = new RelayProcess(folder, openFiles: 4096, extra, executable);
        try
        {
            await relay.WaitUntilListeningAsync();
            return relay;
        }
        catch
        {
            await relay.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs the relay until it exits on its own (a start that must fail); returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(TempDirectory folder, int openFiles, params string[] extra)
    {
        await using var relay = new RelayProcess(folder, openFiles, extra);
        await relay.WaitForExitAsync();
        return (relay._process.ExitCode, relay.Output);
    }

    /// <summary>SIGTERM, as systemd stops a service; waits until the relay has exited and returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        Signal("TERM");
        await WaitForExitAsync();
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: a crash. Nothing the relay has not written already survives.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await WaitForExitAsync();
    }

    /// <summary>SIGSTOP: the process stays, its sockets stay open, and nothing answers.</summary>
    public void Freeze() => Signal("STOP");

    /// <summary>SIGCONT after <see cref="Freeze"/>.</summary>
    public void Thaw() => Signal("CONT");

    /// <summary>Starts the relay again (after a stop or a kill) on the same folder and the same port, and waits until it listens.</summary>
    public async Task RestartAsync()
    {
        if (!_process.HasExited)
        {
            throw new InvalidOperationException("the relay is still running");
        }

        _process.Dispose();
        Launch([.. _extra, "--urls", $"https://127.0.0.1:{WebSocketUri.Port}"]);
        await WaitUntilListeningAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Thaw(); // a frozen process ignores nothing but SIGKILL, which it gets next; this is for its children
            _process.Kill(entireProcessTree: true);
        }

        await WaitForExitAsync();
        _process.Dispose();
    }

    private async Task WaitUntilListeningAsync()
    {
        using var patience = new CancellationTokenSource(Patience);
        var exited = _process.WaitForExitAsync(patience.Token);
        if (await Task.WhenAny(_listening.Task, exited) != _listening.Task)
        {
            throw new InvalidOperationException($"the relay did not start: {Output}");
        }

        WebSocketUri = await _listening.Task;
    }

    private async Task WaitForExitAsync()
    {
        using var patience = new CancellationTokenSource(Patience);
        await _process.WaitForExitAsync(patience.Token);
        _process.WaitForExit(); // flushes the asynchronous output readers
    }

    /// <summary>Sends a signal with kill(1): .NET has SIGKILL only (<see cref="Process.Kill()"/>).</summary>
    private void Signal(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {_process.Id} failed with exit code {kill.ExitCode}");
        }
    }

    private void Launch(string[] extra)
    {
        // prlimit execs the command, so the process id is the relay's own and signals reach it.
        var start = new ProcessStartInfo("prlimit")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add($"--nofile={_openFiles}:{_openFiles}");
        foreach (var word in _command)
        {
            start.ArgumentList.Add(word);
        }

        foreach (var argument in Arguments(_folder, extra))
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        _listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listening = _listening;
        process.OutputDataReceived += (_, line) => Collect(line.Data, listening);
        process.ErrorDataReceived += (_, line) => Collect(line.Data, listening);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    private void Collect(string? line, TaskCompletionSource<Uri> listening)
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
            listening.TrySetResult(new Uri(line[ListeningPrefix.Length..]));
        }
    }
}
