using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace PyChat.Relay.Registry;

/// <summary>
/// The user registry in PostgreSQL (<c>Relay:Registry:PostgreSql</c>), which every node of a cluster shares: a name
/// registered through one node logs in through any other. The relay keeps no user in memory, so a removal made
/// through the admin command or another node is what the next login sees. Every query is parameterized; connections
/// come from Npgsql's pool.
/// </summary>
internal sealed partial class PostgreSqlUserRegistry : IUserAdministration
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly ILogger<PostgreSqlUserRegistry> _logger;
    private readonly Lazy<Task> _initialized;

    public PostgreSqlUserRegistry(string connectionString, TimeProvider time, ILogger<PostgreSqlUserRegistry> logger)
    {
        Location = PostgreSqlLocation.Describe(connectionString); // first: it refuses a malformed string without quoting it
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _time = time;
        _logger = logger;
        _initialized = new Lazy<Task>(InitializeCoreAsync);
    }

    /// <summary>Host, port, database and user, never the password: for messages.</summary>
    public string Location { get; }

    /// <summary>Creates or migrates the schema (<see cref="PostgreSqlRegistrySchema"/>); safe to call more than once.</summary>
    public Task InitializeAsync() => _initialized.Value;

    public async ValueTask<RegisterResult> RegisterAsync(string user, ReadOnlyMemory<byte> identityKey, CancellationToken cancellationToken = default)
    {
        await InitializeAsync();
        await using var command = _dataSource.CreateCommand(
            "INSERT INTO pychat_users (name, spki, registered_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = user });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = identityKey.ToArray(), NpgsqlDbType = NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = _time.GetUtcNow(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        try
        {
            return await command.ExecuteNonQueryAsync(cancellationToken) == 1 ? RegisterResult.Registered : RegisterResult.NameTaken;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DiskFull)
        {
            Log.Full(_logger, Location);
            return RegisterResult.StorageFull;
        }
    }

    public async ValueTask<byte[]?> FindIdentityKeyAsync(string user, CancellationToken cancellationToken = default)
    {
        await InitializeAsync();
        await using var command = _dataSource.CreateCommand("SELECT spki FROM pychat_users WHERE name = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = user });
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    public async ValueTask<IReadOnlyList<RegisteredUser>> ListAsync(CancellationToken cancellationToken = default)
    {
        await InitializeAsync();
        // COLLATE "C": by code point, the order the SQLite registry lists in, whatever the database's locale.
        await using var command = _dataSource.CreateCommand("SELECT name, spki, registered_at FROM pychat_users ORDER BY name COLLATE \"C\"");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var users = new List<RegisteredUser>();
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(new RegisteredUser(reader.GetString(0), reader.GetFieldValue<byte[]>(1), reader.GetFieldValue<DateTimeOffset>(2)));
        }

        return users;
    }

    public async ValueTask<bool> RemoveAsync(string user, CancellationToken cancellationToken = default)
    {
        await InitializeAsync();
        await using var command = _dataSource.CreateCommand("DELETE FROM pychat_users WHERE name = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = user });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async ValueTask ProbeAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT 1 FROM pychat_users LIMIT 1");
        await command.ExecuteScalarAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private async Task InitializeCoreAsync()
    {
        try
        {
            var (found, now) = await PostgreSqlRegistrySchema.MigrateAsync(_dataSource);
            if (found > PostgreSqlRegistrySchema.Version)
            {
                Log.NewerSchema(_logger, Location, found, PostgreSqlRegistrySchema.Version);
            }
            else if (now != found)
            {
                Log.Migrated(_logger, Location, found, now);
            }
        }
        catch (NpgsqlException e)
        {
            // Npgsql's messages name the cause (refused, unknown host, authentication failed, no such database) in one line.
            throw new RelayStartupException($"cannot open the user registry in PostgreSQL ({Location}): {e.Message}", e);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.RegistryFull, LogLevel.Error, "The user registry in PostgreSQL ({Location}) is full (disk full): registrations are refused until there is room; logins go on")]
        public static partial void Full(ILogger logger, string location);

        [LoggerMessage(EventIds.RegistryMigrated, LogLevel.Information, "The user registry in PostgreSQL ({Location}) was at schema version {From}, now {To}")]
        public static partial void Migrated(ILogger logger, string location, int from, int to);

        [LoggerMessage(EventIds.RegistrySchemaNewer, LogLevel.Warning, "The user registry in PostgreSQL ({Location}) is at schema version {Found}, newer than this relay's {Known}: a newer relay migrated it; this one goes on with the tables it knows")]
        public static partial void NewerSchema(ILogger logger, string location, int found, int known);
    }
}
