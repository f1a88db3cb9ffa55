using System.Diagnostics;
using System.Globalization;

namespace PyChat.TestSupport.Servers;

/// <summary>
/// A real server program (PostgreSQL, Redis) that a test started: its output kept for failure messages, and the
/// signals an operator or a crash sends. Started through <c>setpriv</c> as another user where the server refuses to
/// run as root (PostgreSQL); setpriv execs, so the process id is the server's own and signals reach it.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    /// <summary>A guard against a hang, never a timing assertion.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly List<string> _output = [];

    private ServerProcess(Process process)
    {
        _process = process;
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the server wrote to its standard output and error so far.</summary>
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

    /// <summary>True when the tests run as root, where a server that refuses root runs as <paramref name="user"/>.</summary>
    public static bool MustRunAs(string user) => Environment.UserName == "root" && user != "root";

    /// <summary>Starts <paramref name="fileName"/> (as <paramref name="user"/> when running as root and the user differs).</summary>
    public static ServerProcess Start(string fileName, IEnumerable<string> arguments, string? user = null)
    {
        var start = new ProcessStartInfo(user is not null && MustRunAs(user) ? "setpriv" : fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (start.FileName == "setpriv")
        {
            foreach (var argument in AsUser(user!, fileName))
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        var started = new ServerProcess(process);
        process.OutputDataReceived += (_, e) => started.Record(e.Data);
        process.ErrorDataReceived += (_, e) => started.Record(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>Runs a helper program of the server's (initdb, pg_isready) to its end, as <see cref="Start"/> would start it.</summary>
    public static Task<ExternalToolResult> RunAsync(string fileName, IEnumerable<string> arguments, string? user = null) =>
        user is not null && MustRunAs(user)
            ? ExternalTool.RunAsync("setpriv", [.. AsUser(user, fileName), .. arguments])
            : ExternalTool.RunAsync(fileName, arguments);

    /// <summary>Gives <paramref name="folder"/> (made by the tests, as root) to <paramref name="user"/>, so a server running as it can write there.</summary>
    public static async Task GiveAsync(string folder, string user)
    {
        if (MustRunAs(user))
        {
            await ExternalTool.RunSuccessfullyAsync("chown", ["-R", $"{user}:", folder]);
        }
    }

    /// <summary>Sends a signal with kill(1) (.NET has SIGKILL only) and waits for the server to exit.</summary>
    public async Task StopAsync(string signal)
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var patience = new CancellationTokenSource(Patience);
        try
        {
            await _process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>SIGKILL, as a crash would end it.</summary>
    public Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        return _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.WaitForExit(); // flushes the asynchronous output readers
        _process.Dispose();
    }

    private static string[] AsUser(string user, string fileName) => ["--reuid", user, "--regid", user, "--init-groups", "--", fileName];

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
        }
    }
}
