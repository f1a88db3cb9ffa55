using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using PyChat.TestSupport;

namespace PyChat.ConsoleClient.Tests.EndToEnd;

/// <summary>
/// The built <c>pychat</c> program in a real terminal, as a person uses it: a tmux pane (a pseudo-terminal) on a tmux
/// server of its own, so the program sees a terminal on both ends (rich output, the input line at the bottom), the
/// test types keys into it and reads the screen. A wide pane, so that lines do not wrap.
/// </summary>
internal sealed class TerminalSession : IAsyncDisposable
{
    /// <summary>A guard against a hang, never a timing assertion.</summary>
    public static readonly TimeSpan Patience = PychatProcess.Patience;

    // How often the screen is read while waiting for text: a terminal cannot tell when it changed.
    private static readonly TimeSpan ScreenPoll = TimeSpan.FromMilliseconds(100);
    private const string Pane = "pychat";
    private readonly string _socket;
    private readonly string _config;
    private readonly string _rawOutput;

    private TerminalSession(string socket, string config, string rawOutput)
    {
        _socket = socket;
        _config = config;
        _rawOutput = rawOutput;
    }

    /// <summary>Starts <c>pychat --home HOME ARGS</c> in a new terminal, logged in with <paramref name="password"/> from the environment.</summary>
    /// <remarks>With a null <paramref name="password"/> the program asks for it, as it does a person.</remarks>
    public static async Task<TerminalSession> StartAsync(string home, string? password, params string[] args)
    {
        // A socket path of its own (not -L: tmux leaves a named socket behind in its folder after kill-server).
        var server = Path.Combine(Path.GetTempPath(), "pychat-tmux-" + Guid.NewGuid().ToString("N")[..12]);
        var socket = server + ".sock";
        var config = server + ".conf";
        var rawOutput = server + ".out";

        // The pane stays after the program ends, so the test can read its last screen and exit status.
        await File.WriteAllTextAsync(config, "set -g remain-on-exit on\nset -g history-limit 50000\n");
        var start = new ProcessStartInfo("tmux") { UseShellExecute = false };
        // Every byte the program writes is also copied to a file (pipe-pane, given in the same tmux command as the new
        // session, so it is in place before the server reads the pane's first output): the screen does not show which
        // terminal modes the program switched on and off.
        foreach (var argument in (string[])["-S", socket, "-f", config, "new-session", "-d", "-s", Pane, "-x", "220", "-y", "50",
                     "dotnet", PychatProcess.Program, "--home", home, .. args, ";", "pipe-pane", "-o", "-t", Pane, $"cat >> '{rawOutput}'"])
        {
            start.ArgumentList.Add(argument);
        }

        // The tmux server starts with this environment and hands it to the pane: the password never appears in an argument.
        start.Environment.Remove("TMUX");
        start.Environment.Remove("PYCHAT_HOME");
        start.Environment.Remove("PYCHAT_PASSWORD");
        if (password is not null)
        {
            start.Environment["PYCHAT_PASSWORD"] = password;
        }

        start.Environment["PYCHAT_TIMEOUT"] = ((int)Patience.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        using (var tmux = Process.Start(start) ?? throw new InvalidOperationException("tmux did not start"))
        {
            await tmux.WaitForExitAsync();
            if (tmux.ExitCode != 0)
            {
                throw new InvalidOperationException($"tmux new-session failed with exit code {tmux.ExitCode}");
            }
        }

        return new TerminalSession(socket, config, rawOutput);
    }

    /// <summary>Everything the program wrote to its terminal so far, escape sequences included.</summary>
    public async Task<string> RawOutputAsync() => File.Exists(_rawOutput) ? await File.ReadAllTextAsync(_rawOutput) : "";

    /// <summary>Waits until what the program wrote (<see cref="RawOutputAsync"/>) satisfies <paramref name="condition"/>.</summary>
    public async Task<string> WaitForRawOutputAsync(Func<string, bool> condition, string what)
    {
        using var patience = new CancellationTokenSource(Patience);
        while (true)
        {
            var output = await RawOutputAsync();
            if (condition(output))
            {
                return output;
            }

            try
            {
                await Task.Delay(ScreenPoll, patience.Token);
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException($"pychat's output never showed {what} within {Patience}.\n{output.Replace("\u001b", "ESC", StringComparison.Ordinal)}");
            }
        }
    }

    /// <summary>Everything the terminal showed so far (scrollback and screen), trailing blanks removed from every line.</summary>
    public async Task<string> ScreenAsync()
    {
        var captured = await TmuxAsync("capture-pane", "-p", "-J", "-S", "-", "-t", Pane);
        return string.Join('\n', captured.Split('\n').Select(line => line.TrimEnd()));
    }

    /// <summary>The input line: the last line on the screen that is not blank.</summary>
    public async Task<string> InputLineAsync() =>
        (await ScreenAsync()).Split('\n').LastOrDefault(line => line.Length > 0) ?? "";

    /// <summary>Waits until a line of the screen matches <paramref name="pattern"/>; fails with the screen if the program ends or it never comes.</summary>
    public async Task<string> WaitForLineAsync(string pattern)
    {
        var regex = new Regex(pattern, RegexOptions.Multiline);
        using var patience = new CancellationTokenSource(Patience);
        while (true)
        {
            var screen = await ScreenAsync();
            if (regex.Match(screen) is { Success: true } match)
            {
                return match.Value;
            }

            if (await HasExitedAsync())
            {
                throw new Xunit.Sdk.XunitException($"pychat ended without showing /{pattern}/.\n{await ScreenAsync()}");
            }

            try
            {
                await Task.Delay(ScreenPoll, patience.Token);
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException($"pychat did not show /{pattern}/ within {Patience}.\n{screen}");
            }
        }
    }

    /// <summary>Types <paramref name="text"/> key by key, without Enter.</summary>
    public Task TypeAsync(string text) => TmuxAsync("send-keys", "-t", Pane, "-l", "--", text);

    public Task PressEnterAsync() => TmuxAsync("send-keys", "-t", Pane, "Enter");

    /// <summary>Presses keys by their tmux names, one after the other: <c>Left</c>, <c>End</c>, <c>Up</c>, <c>Tab</c>, <c>C-w</c>…</summary>
    public Task PressAsync(params string[] keys) => TmuxAsync(["send-keys", "-t", Pane, .. keys]);

    /// <summary>
    /// Pastes <paramref name="text"/> as a terminal does: line breaks sent as CR, and wrapped in the bracketed-paste
    /// markers if, and only if, the program switched bracketed paste on (tmux's <c>paste-buffer -p</c>).
    /// </summary>
    public async Task PasteAsync(string text)
    {
        await TmuxAsync("set-buffer", "-b", "test-paste", "--", text);
        await TmuxAsync("paste-buffer", "-p", "-d", "-b", "test-paste", "-t", Pane);
    }

    /// <summary>Ctrl+C: the terminal sends the program SIGINT, as it does when a person presses it.</summary>
    public Task PressCtrlCAsync() => TmuxAsync("send-keys", "-t", Pane, "C-c");

    /// <summary>Waits for the program to end and returns its exit code.</summary>
    public async Task<ExitCode> WaitForExitAsync()
    {
        using var patience = new CancellationTokenSource(Patience);
        while (true)
        {
            // tmux marks the pane dead when the terminal closes, and knows the exit status only once it reaped the process.
            // Under load it was seen to leave the process a zombie for good (pane dead, status never known); the kernel
            // keeps a zombie's wait status, so it is read from there when tmux does not have it.
            var pane = (await TmuxAsync("display-message", "-p", "-t", Pane, "#{pane_dead_status} #{pane_dead} #{pane_pid}")).Trim().Split(' ');
            if (pane.Length == 3 && int.TryParse(pane[0], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
            {
                return (ExitCode)status;
            }

            if (pane[^2] == "1" && ZombieWaitStatus(pane[^1]) is { } waitStatus)
            {
                return (waitStatus & 0x7f) == 0
                    ? (ExitCode)((waitStatus >> 8) & 0xff)
                    : throw new Xunit.Sdk.XunitException($"pychat was killed by signal {waitStatus & 0x7f}.\n{await ScreenAsync()}");
            }

            try
            {
                await Task.Delay(ScreenPoll, patience.Token);
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException($"pychat did not exit within {Patience}.\n{await DiagnoseAsync()}\n{await ScreenAsync()}");
            }
        }
    }

    /// <summary>
    /// The wait status of process <paramref name="pid"/> if it ended and nobody reaped it yet (exit_code, field 52 of
    /// /proc/PID/stat); null while it runs, or once it was reaped (tmux has the status then).
    /// </summary>
    private static int? ZombieWaitStatus(string pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat").TrimEnd();
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // fields[0] is field 3, the state
            return fields[0] == "Z" && fields.Length > 49 && int.TryParse(fields[49], NumberStyles.None, CultureInfo.InvariantCulture, out var code)
                ? code
                : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private async Task<string> DiagnoseAsync()
    {
        var pane = (await TmuxAsync("display-message", "-p", "-t", Pane, "pid=#{pane_pid} dead=#{pane_dead} signal=#{pane_dead_signal} status=#{pane_dead_status}")).Trim();
        var text = new System.Text.StringBuilder("DIAG " + pane + "\n");
        var pid = pane.Split(' ')[0]["pid=".Length..];
        try
        {
            foreach (var line in File.ReadAllLines($"/proc/{pid}/status").Where(l => l.StartsWith("State", StringComparison.Ordinal) || l.StartsWith("Threads", StringComparison.Ordinal)))
            {
                text.Append("DIAG ").Append(line).Append('\n');
            }

            foreach (var task in Directory.GetDirectories($"/proc/{pid}/task"))
            {
                var comm = File.ReadAllText(Path.Combine(task, "comm")).Trim();
                var wchan = File.ReadAllText(Path.Combine(task, "wchan")).Trim();
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
                text.Append($"DIAG task {Path.GetFileName(task)} {comm} {state} {wchan}\n");
            }
        }
        catch (IOException e)
        {
            text.Append("DIAG ").Append(e.Message).Append('\n');
        }
        catch (UnauthorizedAccessException e)
        {
            text.Append("DIAG ").Append(e.Message).Append('\n');
        }

        return text.ToString();
    }

    public async Task<bool> HasExitedAsync() => (await TmuxAsync("display-message", "-p", "-t", Pane, "#{pane_dead}")).Trim() == "1";

    public async ValueTask DisposeAsync()
    {
        // Ends this tmux server only, and with it the program in its pane.
        await ExternalTool.RunAsync("tmux", ["-S", _socket, "kill-server"]);
        File.Delete(_config);
        File.Delete(_socket);
        File.Delete(_rawOutput);
    }

    private async Task<string> TmuxAsync(params string[] arguments)
    {
        var result = await ExternalTool.RunSuccessfullyAsync("tmux", ["-S", _socket, .. arguments]);
        return result.StandardOutput;
    }
}
