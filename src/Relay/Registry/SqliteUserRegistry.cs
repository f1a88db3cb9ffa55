using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PyChat.Relay.Hosting;

namespace PyChat.Relay.Registry;

/// <summary>
/// The user registry in one SQLite file (<c>relay.db</c> under <c>Relay:DataDirectory</c>), in WAL
/// mode so reads never wait for the occasional registration. One short-lived pooled connection per
/// call; every query is parameterized.
/// </summary>
internal sealed partial class SqliteUserRegistry : IUserAdministration
{
    private const int SqliteFull = 13;
    private const int PageBytes = 4096; // SQLite's default page size
    private readonly string _connectionString;
    private readonly string _probeConnectionString;
    private readonly TimeProvider _time;
    private readonly Lazy<Task> _initialized;
    private readonly long _maxPages;
    private readonly ILogger<SqliteUserRegistry> _logger;
    private long _lastFullLogged = long.MinValue;

    public SqliteUserRegistry(IOptions<RelayOptions> options, IRelayPaths paths, TimeProvider time, ILogger<SqliteUserRegistry> logger)
    {
        _maxPages = options.Value.MaxRegistryBytes / PageBytes;
        _logger = logger;
        var directory = paths.Resolve(options.Value.DataDirectory);
        DatabasePath = Path.Combine(directory, "relay.db");
        _connectionString = new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = true }.ToString();
        // A connection of its own each time (a pooled one would still read a file deleted under it), and never one that
        // creates the file: a registry that is gone must not come back empty.
        _probeConnectionString = new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false, Mode = SqliteOpenMode.ReadWrite }.ToString();
        _time = time;
        _initialized = new Lazy<Task>(() => InitializeCoreAsync(directory));
    }

    public string DatabasePath { get; }

    public string Location => DatabasePath;

    /// <summary>Creates the folder, the file and the table if needed; safe to call more than once.</summary>
    public Task InitializeAsync() => _initialized.Value;

    public async ValueTask<RegisterResult> RegisterAsync(string user, ReadOnlyMemory<byte> identityKey, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO users (name, spki, registered_at) VALUES ($name, $spki, $at) ON CONFLICT(name) DO NOTHING";
        command.Parameters.AddWithValue("$name", user);
        command.Parameters.Add("$spki", SqliteType.Blob).Value = identityKey.ToArray();
        command.Parameters.AddWithValue("$at", _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
        try
        {
            var inserted = await command.ExecuteNonQueryAsync(cancellationToken);
            return inserted == 1 ? RegisterResult.Registered : RegisterResult.NameTaken;
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SqliteFull)
        {
            LogFull();
            return RegisterResult.StorageFull;
        }
    }

    public async ValueTask<byte[]?> FindIdentityKeyAsync(string user, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT spki FROM users WHERE name = $name";
        command.Parameters.AddWithValue("$name", user);
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    public async ValueTask<IReadOnlyList<RegisteredUser>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, spki, registered_at FROM users ORDER BY name";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var users = new List<RegisteredUser>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var registeredAt = DateTimeOffset.TryParse(reader.GetString(2), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : (DateTimeOffset?)null;
            users.Add(new RegisteredUser(reader.GetString(0), (byte[])reader[1], registeredAt));
        }

        return users;
    }

    public async ValueTask<bool> RemoveAsync(string user, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM users WHERE name = $name";
        command.Parameters.AddWithValue("$name", user);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async ValueTask ProbeAsync(CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(_probeConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM users LIMIT 1";
        await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>Closes the pooled connections, so the file is not held open after an admin command.</summary>
    public ValueTask DisposeAsync()
    {
        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        return ValueTask.CompletedTask;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync();
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        if (_maxPages > 0)
        {
            // Per connection, not stored in the file: every connection the registry opens gets it.
            await using var limit = connection.CreateCommand();
            limit.CommandText = string.Create(CultureInfo.InvariantCulture, $"PRAGMA max_page_count = {_maxPages}");
            await limit.ExecuteNonQueryAsync(cancellationToken);
        }

        return connection;
    }

    /// <summary>One line a minute at most: every refused registration would otherwise repeat it.</summary>
    private void LogFull()
    {
        var now = _time.GetTimestamp();
        var last = Interlocked.Read(ref _lastFullLogged);
        if ((last == long.MinValue || _time.GetElapsedTime(last, now) >= TimeSpan.FromMinutes(1))
            && Interlocked.CompareExchange(ref _lastFullLogged, now, last) == last)
        {
            Log.Full(_logger, DatabasePath);
        }
    }

    private async Task InitializeCoreAsync(string directory)
    {
        try
        {
            await CreateAsync(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SqliteException)
        {
            // SQLite's and the file system's messages name the cause (read-only, not a directory, disk full) in one line.
            throw new RelayStartupException($"cannot open the user registry {DatabasePath}: {e.Message}", e);
        }
    }

    private async Task CreateAsync(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS users (
                name TEXT PRIMARY KEY NOT NULL,
                spki BLOB NOT NULL,
                registered_at TEXT NOT NULL
            ) WITHOUT ROWID;
            """;
        await command.ExecuteNonQueryAsync();
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.RegistryFull, LogLevel.Error, "The user registry {DatabasePath} is full (disk full or Relay:MaxRegistryBytes reached): registrations are refused until there is room; logins go on")]
        public static partial void Full(ILogger logger, string databasePath);
    }
}
