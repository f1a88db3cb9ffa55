using System.Data.Common;
using Microsoft.Extensions.Logging.Abstractions;
using PyChat.Relay.Registry;

namespace PyChat.Relay.Commands;

/// <summary>
/// The registry the running relay uses, for the <c>users</c> verbs: PostgreSQL when the configuration names it, else
/// relay.db in its data folder, opened only if it exists (a wrong folder is an error, not a new empty registry).
/// </summary>
internal static class CommandRegistry
{
    /// <summary>Runs <paramref name="use"/> on the registry, or fails with a one-line reason (missing, unreachable, unusable).</summary>
    public static async Task<int> UseAsync(CommandIo io, Func<IUserAdministration, Task<int>> use)
    {
        var relay = RelayConfiguration.Read(io.Configuration);
        await using var registry = UserRegistries.Create(relay.Options, relay.Paths, TimeProvider.System, NullLoggerFactory.Instance);
        if (registry is SqliteUserRegistry sqlite && !File.Exists(sqlite.DatabasePath))
        {
            return await io.FailAsync($"There is no user registry at {sqlite.DatabasePath}: give the relay's --Relay:DataDirectory (or run the command where the relay runs).");
        }

        try
        {
            await registry.InitializeAsync();
            return await use(registry);
        }
        catch (RelayStartupException e)
        {
            return await io.FailAsync(e.Message);
        }
        catch (DbException e)
        {
            // SQLite's and Npgsql's messages name the cause (locked, read-only, corrupt, refused) in one line.
            return await io.FailAsync($"Cannot use the user registry {registry.Location}: {e.Message}");
        }
    }
}
