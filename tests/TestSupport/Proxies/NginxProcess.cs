using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using PyChat.TestSupport.Network;

namespace PyChat.TestSupport.Proxies;

/// <summary>
/// A real nginx (Debian's package) as the current user, in a folder of its own, on a free loopback port:
/// <c>nginx -p DIR -c nginx.conf -g 'daemon off; pid …; error_log stderr;'</c>. It is started with a configuration
/// made for the port it gets, is ready once it accepts connections, and is killed (master and workers) on dispose.
/// </summary>
public sealed class NginxProcess : IAsyncDisposable
{
    /// <summary>A guard against a hang, never a timing assertion.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private const string StreamModule = "/usr/lib/nginx/modules/ngx_stream_module.so";
    private const string Missing = "nginx not installed; .ci/run installs it (apt-get install nginx libnginx-mod-stream)";
    private readonly Process _process;
    private readonly List<string> _output = [];

    private NginxProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    /// <summary>The loopback port nginx listens on.</summary>
    public int Port { get; }

    /// <summary>Everything nginx wrote to its standard output and error (its error log) so far.</summary>
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

    /// <summary>
    /// Writes nginx.conf into <paramref name="folder"/> (<paramref name="mainContext"/> at the top level, e.g. a
    /// <c>stream { }</c> block, and <paramref name="httpContext"/> inside <c>http { }</c>, each made for the port
    /// nginx is to listen on), starts nginx and waits until it accepts connections on that port.
    /// </summary>
    public static async Task<NginxProcess> StartAsync(TempDirectory folder, Func<int, string> mainContext, Func<int, string> httpContext)
    {
        var nginx = Locate() ?? throw new InvalidOperationException(Missing);
        var prefix = folder.Combine("nginx");
        Directory.CreateDirectory(prefix);
        for (var attempt = 1; ; attempt++)
        {
            var port = FreeTcpPort.Pick();
            var configuration = Configuration(prefix, mainContext(port), httpContext(port));
            await File.WriteAllTextAsync(Path.Combine(prefix, "nginx.conf"), configuration);
            var started = new NginxProcess(Launch(nginx, prefix), port);
            try
            {
                await started.WaitUntilAcceptingAsync();
                return started;
            }
            catch (InvalidOperationException) when (attempt < 3 && started.Output.Contains("Address already in use", StringComparison.Ordinal))
            {
                // Another process took the free port between our probe and nginx's bind: pick another.
                await started.DisposeAsync();
            }
            catch
            {
                await started.DisposeAsync();
                throw;
            }
        }
    }

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

    private static string? Locate() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Append("/usr/sbin").Append("/usr/local/sbin")
            .Where(d => d.Length > 0)
            .Select(d => Path.Combine(d, "nginx"))
            .FirstOrDefault(File.Exists);

    /// <summary>
    /// The file around the configuration under test: what a packaged nginx.conf has elsewhere (modules, events,
    /// temp folders under /var/lib/nginx that only root may write) pointed into the test's folder.
    /// </summary>
    private static string Configuration(string prefix, string mainContext, string httpContext)
    {
        var streamModule = mainContext.Contains("stream {", StringComparison.Ordinal) && File.Exists(StreamModule)
            ? $"load_module {StreamModule};"
            : string.Empty;
        // As root, nginx would run its workers as nobody, who cannot enter the test's private folder.
        var user = Environment.UserName == "root" ? "user root;" : string.Empty;
        return $$"""
            {{streamModule}}
            {{user}}
            worker_processes 1;
            events {
                worker_connections 512;
            }

            {{mainContext}}

            http {
                client_body_temp_path {{prefix}}/client_body;
                proxy_temp_path {{prefix}}/proxy;
                fastcgi_temp_path {{prefix}}/fastcgi;
                uwsgi_temp_path {{prefix}}/uwsgi;
                scgi_temp_path {{prefix}}/scgi;
                access_log off;

                {{httpContext}}
            }
            """;
    }

    private static Process Launch(string nginx, string prefix)
    {
        var start = new ProcessStartInfo(nginx)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-p", prefix, "-c", "nginx.conf", "-g", $"daemon off; pid {prefix}/nginx.pid; error_log stderr;" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        process.Start();
        return process;
    }

    private async Task WaitUntilAcceptingAsync()
    {
        _process.OutputDataReceived += (_, line) => Collect(line.Data);
        _process.ErrorDataReceived += (_, line) => Collect(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            if (_process.HasExited)
            {
                _process.WaitForExit(); // flushes the output readers
                throw new InvalidOperationException($"nginx exited with {_process.ExitCode}: {Output}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100));
            }
        }
    }

    private void Collect(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.Add(line);
            }
        }
    }
}
