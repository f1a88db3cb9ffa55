using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PyChat.Relay.Hosting;

namespace PyChat.Relay.Registry;

/// <summary>The registry the configuration names: PostgreSQL when <c>Relay:Registry:PostgreSql</c> is set, else relay.db.</summary>
internal static class UserRegistries
{
    public static IUserAdministration Create(RelayOptions options, IRelayPaths paths, TimeProvider time, ILoggerFactory loggers) =>
        string.IsNullOrWhiteSpace(options.Registry.PostgreSql)
            ? new SqliteUserRegistry(Options.Create(options), paths, time, loggers.CreateLogger<SqliteUserRegistry>())
            : new PostgreSqlUserRegistry(options.Registry.PostgreSql, time, loggers.CreateLogger<PostgreSqlUserRegistry>());
}
