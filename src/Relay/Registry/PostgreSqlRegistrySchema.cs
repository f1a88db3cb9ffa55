using Npgsql;

namespace PyChat.Relay.Registry;

/// <summary>
/// The registry's tables in PostgreSQL and the steps from each version to the next. Several nodes may start at once
/// against one database: a transaction-scoped advisory lock lets one migrate while the others wait, then find the
/// work done. Steps only add, so a node that is one release behind keeps working during a rolling upgrade.
/// </summary>
internal static class PostgreSqlRegistrySchema
{
    /// <summary>Any constant of the application's own, shared by every node: the key of the advisory lock.</summary>
    private const long MigrationLock = 0x5079_4368_6174_0001; // "PyChat", 1

    private static readonly string[] Steps =
    [
        // 1: names are compared as given (case-sensitive, like the SQLite registry); the key is SPKI DER.
        """
        CREATE TABLE pychat_users (
            name text PRIMARY KEY,
            spki bytea NOT NULL,
            registered_at timestamptz NOT NULL
        )
        """,
    ];

    /// <summary>The version this relay creates.</summary>
    public static int Version => Steps.Length;

    /// <summary>Applies the missing steps.</summary>
    /// <returns>The version found, and the version the database is at now (greater than <see cref="Version"/> if a newer relay migrated it).</returns>
    public static async Task<(int Found, int Now)> MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({MigrationLock})", cancellationToken);
        await ExecuteAsync(connection, "CREATE TABLE IF NOT EXISTS pychat_registry_schema (version integer NOT NULL)", cancellationToken);
        await using (var read = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM pychat_registry_schema", connection))
        {
            var found = (int)(await read.ExecuteScalarAsync(cancellationToken))!;
            for (var version = found + 1; version <= Version; version++)
            {
                await ExecuteAsync(connection, Steps[version - 1], cancellationToken);
                await ExecuteAsync(connection, $"INSERT INTO pychat_registry_schema (version) VALUES ({version})", cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return (found, Math.Max(found, Version));
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
