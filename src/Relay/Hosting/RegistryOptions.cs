namespace PyChat.Relay.Hosting;

/// <summary>The <c>Relay:Registry</c> configuration section: where users are registered.</summary>
internal sealed class RegistryOptions
{
    /// <summary>
    /// An Npgsql connection string (<c>Host=db;Database=pychat;Username=pychat;Password=…</c>): users are registered in
    /// that PostgreSQL database, which several relay nodes can share; its schema is created or migrated at startup.
    /// Unset (the default): relay.db, SQLite, under <c>Relay:DataDirectory</c>.
    /// </summary>
    public string? PostgreSql { get; set; }
}
