using System.Globalization;
using PyChat.TestSupport.Network;

namespace PyChat.TestSupport.Servers;

/// <summary>
/// A private PostgreSQL server (Debian's package): a cluster made by <c>initdb</c> in a temp folder of its own, a
/// postmaster on a free loopback port with trust authentication for the <c>postgres</c> user, and nothing on the
/// machine's own cluster touched. Each test makes a database of its own with <see cref="CreateDatabaseAsync"/>.
/// It can be stopped and started again on the same port and data, as an outage would.
/// </summary>
public sealed class PostgreSqlProcess : IAsyncDisposable
{
    private const string User = "postgres";
    private const string Missing = "PostgreSQL is not installed; .ci/run installs it (apt-get install postgresql)";
    private readonly string _bin;
    private readonly string _folder;
    private ServerProcess? _server;
    private int _databases;

    private PostgreSqlProcess(string bin, string folder, int port)
    {
        _bin = bin;
        _folder = folder;
        Port = port;
    }

    public int Port { get; private set; }

    /// <summary>Everything the running postmaster logged so far.</summary>
    public string Output => _server?.Output ?? string.Empty;

    private string Data => Path.Combine(_folder, "data");

    public static async Task<PostgreSqlProcess> StartAsync()
    {
        var bin = Locate() ?? throw new InvalidOperationException(Missing);
        // Not a TempDirectory: as root, the folder is handed to the postgres user, and a private 0700 parent would lock it out.
        var folder = Directory.CreateTempSubdirectory("pychat-pg-").FullName;
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the PostgreSQL fixture runs Debian's package");
        }

        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        var postgres = new PostgreSqlProcess(bin, folder, 0);
        try
        {
            await ServerProcess.GiveAsync(folder, User);
            var initdb = await ServerProcess.RunAsync(
                Path.Combine(bin, "initdb"), ["-D", postgres.Data, "-U", User, "--auth=trust", "--encoding=UTF8", "--no-sync", "--no-instructions"], User);
            if (initdb.ExitCode != 0)
            {
                throw new InvalidOperationException($"initdb failed: {initdb}");
            }

            await postgres.StartOnFreePortAsync();
            return postgres;
        }
        catch
        {
            await postgres.DisposeAsync();
            throw;
        }
    }

    /// <summary>A new empty database; its Npgsql connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "test" + Interlocked.Increment(ref _databases).ToString(CultureInfo.InvariantCulture);
        await ExternalTool.RunSuccessfullyAsync(Path.Combine(_bin, "psql"), [.. Client, "-d", "postgres", "-c", $"CREATE DATABASE {name}"]);
        return ConnectionString(name);
    }

    /// <summary>The connection string of <paramref name="database"/> on this server.</summary>
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username={User};Database={database};Pooling=true;Timeout=15";

    /// <summary>Runs one SQL statement in <paramref name="database"/> with psql; its output, unaligned, without headers.</summary>
    public async Task<string> QueryAsync(string database, string sql) =>
        (await ExternalTool.RunSuccessfullyAsync(Path.Combine(_bin, "psql"), [.. Client, "-d", database, "-At", "-c", sql])).StandardOutput.Trim();

    /// <summary>A fast shutdown (SIGINT): clients are disconnected, what was committed stays.</summary>
    public async Task StopAsync()
    {
        if (_server is not null)
        {
            await _server.StopAsync("INT");
            await _server.DisposeAsync();
            _server = null;
        }
    }

    /// <summary>Starts the server again on the same port and data.</summary>
    public Task StartAgainAsync() => StartOnAsync(Port);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private string[] Client => ["-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", User, "-v", "ON_ERROR_STOP=1"];

    private static string? Locate() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "postgres")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var major) ? major : 0)
                .FirstOrDefault()
            : null;

    private async Task StartOnFreePortAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartOnAsync(FreeTcpPort.Pick());
                return;
            }
            catch (InvalidOperationException) when (attempt < 3 && Output.Contains("could not bind", StringComparison.OrdinalIgnoreCase))
            {
                // Another process took the free port between our probe and the postmaster's bind: pick another.
                await StopAsync();
            }
        }
    }

    private async Task StartOnAsync(int port)
    {
        Port = port;
        // Durability settings off: the tests stop and start the server cleanly; a machine crash is not what they test.
        _server = ServerProcess.Start(
            Path.Combine(_bin, "postgres"),
            ["-D", Data, "-p", port.ToString(CultureInfo.InvariantCulture), "-k", _folder, "-c", "listen_addresses=127.0.0.1",
             "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=200"],
            User);
        using var patience = new CancellationTokenSource(ServerProcess.Patience);
        while (true)
        {
            if (_server.HasExited)
            {
                throw new InvalidOperationException($"postgres exited at startup: {_server.Output}");
            }

            var ready = await ExternalTool.RunAsync(Path.Combine(_bin, "pg_isready"), ["-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture)]);
            if (ready.ExitCode == 0)
            {
                return;
            }

            if (patience.IsCancellationRequested)
            {
                throw new InvalidOperationException($"postgres did not get ready within {ServerProcess.Patience}: {_server.Output}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        }
    }
}
