using Npgsql;

namespace PyChat.Relay.Registry;

/// <summary>Where a connection string points, for log lines and errors: never its password.</summary>
internal static class PostgreSqlLocation
{
    public static string Describe(string connectionString)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException)
        {
            // The parser's message may quote the string, password and all.
            throw new RelayStartupException("Relay:Registry:PostgreSql is not a valid Npgsql connection string (Host=…;Database=…;Username=…)");
        }

        return $"Host={builder.Host}, Port={builder.Port}, Database={builder.Database ?? builder.Username}, Username={builder.Username}";
    }
}
