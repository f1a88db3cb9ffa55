using System.Globalization;
using PyChat.TestSupport.Network;

namespace PyChat.TestSupport.Servers;

/// <summary>
/// A private Redis server (Debian's <c>redis-server</c>) on a free loopback port, with its append-only file in a temp
/// folder of its own (<c>appendfsync always</c>: what was acknowledged survives a SIGKILL), so a test can stop, kill
/// and start it again on the same port and data, as an outage or a crash would.
/// </summary>
public sealed class RedisProcess : IAsyncDisposable
{
    private const string Missing = "redis-server is not installed; .ci/run installs it (apt-get install redis-server)";
    private readonly TempDirectory _folder = new();
    private ServerProcess? _server;

    private RedisProcess(int port)
    {
        Port = port;
    }

    public int Port { get; private set; }

    /// <summary>The StackExchange.Redis configuration string of this server.</summary>
    public string Configuration => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)},connectTimeout=5000,syncTimeout=5000";

    /// <summary>Everything the running server logged so far.</summary>
    public string Output => _server?.Output ?? string.Empty;

    public static async Task<RedisProcess> StartAsync()
    {
        if (!File.Exists(RedisServer))
        {
            throw new InvalidOperationException(Missing);
        }

        var redis = new RedisProcess(0);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await redis.StartOnAsync(FreeTcpPort.Pick());
                    return redis;
                }
                catch (InvalidOperationException) when (attempt < 3 && redis.Output.Contains("Address already in use", StringComparison.Ordinal))
                {
                    await redis.StopAsync();
                }
            }
        }
        catch
        {
            await redis.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs one command with redis-cli; its reply as redis-cli prints it.</summary>
    public async Task<string> CommandAsync(params string[] command) =>
        (await ExternalTool.RunSuccessfullyAsync("redis-cli", ["-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), .. command])).StandardOutput.Trim();

    /// <summary>SIGTERM: Redis writes what it has and exits.</summary>
    public Task StopAsync() => EndAsync(server => server.StopAsync("TERM"));

    /// <summary>SIGKILL, as a crash.</summary>
    public Task KillAsync() => EndAsync(server => server.KillAsync());

    /// <summary>Starts the server again on the same port and data.</summary>
    public Task StartAgainAsync() => StartOnAsync(Port);

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _folder.Dispose();
    }

    private static string RedisServer => "/usr/bin/redis-server";

    private async Task EndAsync(Func<ServerProcess, Task> end)
    {
        if (_server is not null)
        {
            await end(_server);
            await _server.DisposeAsync();
            _server = null;
        }
    }

    private async Task StartOnAsync(int port)
    {
        Port = port;
        _server = ServerProcess.Start(
            RedisServer,
            ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _folder.Path, "--daemonize", "no",
             "--save", string.Empty, "--appendonly", "yes", "--appendfsync", "always", "--logfile", string.Empty]);
        using var patience = new CancellationTokenSource(ServerProcess.Patience);
        while (true)
        {
            if (_server.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited at startup: {_server.Output}");
            }

            var ping = await ExternalTool.RunAsync("redis-cli", ["-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "ping"]);
            if (ping.ExitCode == 0 && ping.StandardOutput.Trim() == "PONG")
            {
                return;
            }

            if (patience.IsCancellationRequested)
            {
                throw new InvalidOperationException($"redis-server did not answer within {ServerProcess.Patience}: {_server.Output}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None);
        }
    }
}
