using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace PyChat.ConsoleClient.Tests.EndToEnd;

/// <summary>
/// The built <c>pychat</c> program running as its own process, the way a script runs it: arguments,
/// environment, standard input written by the test, standard output and error read line by line.
/// </summary>
internal sealed class PychatProcess : IAsyncDisposable
{
    /// <summary>A guard against a hang, never a timing assertion.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly List<string> _output = [];
    private readonly List<string> _error = [];
    private readonly SemaphoreSlim _changed = new(0);
    private readonly Task _readers;

    private PychatProcess(Process process)
    {
        _process = process;
        _readers = Task.WhenAll(PumpAsync(process.StandardOutput, _output), PumpAsync(process.StandardError, _error));
    }

    public static string Program => Path.Combine(AppContext.BaseDirectory, "pychat.dll");

    public static PychatProcess Start(string home, string? password, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            StandardInputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        };
        start.ArgumentList.Add(Program);
        start.ArgumentList.Add("--home");
        start.ArgumentList.Add(home);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("PYCHAT_HOME");
        start.Environment.Remove("PYCHAT_PASSWORD");

        // A busy machine (CI shares two cores between several test processes) can take longer than the
        // interactive default of 10 s to start a process, make a TLS connection and log in; a test waits
        // as long as its own patience instead, so only a hang fails it.
        start.Environment["PYCHAT_TIMEOUT"] = ((int)Patience.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (password is not null)
        {
            start.Environment["PYCHAT_PASSWORD"] = password;
        }

        return new PychatProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"));
    }

    /// <summary>Runs to the end with <paramref name="input"/> as standard input.</summary>
    public static async Task<PychatResult> RunAsync(string home, string? password, string input, params string[] args)
    {
        await using var process = Start(home, password, args);
        await process.WriteAsync(input);
        process.CloseInput();
        return await process.WaitForExitAsync();
    }

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

    public IReadOnlyList<string> Error
    {
        get
        {
            lock (_error)
            {
                return [.. _error];
            }
        }
    }

    public async Task WriteLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    public async Task WriteAsync(string text)
    {
        await _process.StandardInput.WriteAsync(text);
        await _process.StandardInput.FlushAsync();
    }

    public void CloseInput() => _process.StandardInput.Close();

    /// <summary>Sends SIGTERM, as a service manager stops a bot.</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    /// <summary>Waits for an output line matching <paramref name="pattern"/>; fails with the whole output if the process ends first.</summary>
    public async Task<string> WaitForLineAsync(string pattern)
    {
        var regex = new Regex(pattern);
        using var patience = new CancellationTokenSource(Patience);
        while (true)
        {
            var match = Output.FirstOrDefault(regex.IsMatch);
            if (match is not null)
            {
                return match;
            }

            if (_readers.IsCompleted)
            {
                throw new Xunit.Sdk.XunitException($"pychat ended without printing /{pattern}/.\n{Describe()}");
            }

            try
            {
                await _changed.WaitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException($"pychat did not print /{pattern}/ within {Patience}.\n{Describe()}");
            }
        }
    }

    public async Task<PychatResult> WaitForExitAsync()
    {
        using var patience = new CancellationTokenSource(Patience);
        try
        {
            await _process.WaitForExitAsync(patience.Token);
            await _readers.WaitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"pychat did not exit within {Patience}.\n{Describe()}");
        }

        return new PychatResult((ExitCode)_process.ExitCode, Output, Error);
    }

    public string Describe() => $"stdout:\n{string.Join('\n', Output)}\nstderr:\n{string.Join('\n', Error)}";

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _changed.Dispose();
    }

    private async Task PumpAsync(StreamReader reader, List<string> lines)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (lines)
            {
                lines.Add(line);
            }

            _changed.Release();
        }

        _changed.Release();
    }
}

internal sealed record PychatResult(ExitCode ExitCode, IReadOnlyList<string> Output, IReadOnlyList<string> Error)
{
    public override string ToString() => $"exit {(int)ExitCode} ({ExitCode})\nstdout:\n{string.Join('\n', Output)}\nstderr:\n{string.Join('\n', Error)}";
}
