using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using PyChat.Relay.Registry;

namespace PyChat.Relay.Commands;

/// <summary>The registry the running relay uses (relay.db in its data folder), opened only if it exists: a wrong folder is an error, not a new empty registry.</summary>
internal static class UserRegistryFile
{
    public static SqliteUserRegistry? OpenExisting(RelayConfiguration relay, out string path)
    {
        var registry = new SqliteUserRegistry(Microsoft.Extensions.Options.Options.Create(relay.Options), relay.Paths, TimeProvider.System, NullLogger<SqliteUserRegistry>.Instance);
        path = registry.DatabasePath;
        return File.Exists(path) ? registry : null;
    }

    public static string Missing(string path) =>
        $"There is no user registry at {path}: give the relay's --Relay:DataDirectory (or run the command where the relay runs).";

    /// <summary>SQLite's message names the cause (locked, read-only, corrupt) in one line.</summary>
    public static string Unusable(string path, SqliteException e) => $"Cannot use the user registry {path}: {e.Message}";
}
