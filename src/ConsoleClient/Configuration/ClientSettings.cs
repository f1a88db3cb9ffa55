using PyChat.ConsoleClient.Commands;

namespace PyChat.ConsoleClient.Configuration;

/// <summary>What a run uses after merging options (first), environment (second) and config file (third).</summary>
internal sealed record ClientSettings(HomeFolder Home, Uri? Relay, string? CaFile, string? User)
{
    /// <summary>Longest wait for the relay: to connect, to answer a request, for a room key.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(CommandOptions.DefaultTimeoutSeconds);

    public static ClientSettings Merge(HomeFolder home, CommandOptions options, ClientConfig config, Func<string, string?> environment)
    {
        var relay = options.Relay ?? (config.Relay is null ? null : CommandLineParser.ParseRelay(config.Relay));
        var ca = options.CaFile is not null
            ? Path.GetFullPath(options.CaFile)
            : config.CaFile is null ? null : Path.GetFullPath(config.CaFile, home.Path);
        var user = options.User ?? (config.User is null ? null : CommandLineParser.ParseName(config.User, "user"));
        var timeout = options.TimeoutSeconds
            ?? (environment(CommandOptions.TimeoutVariable) is { Length: > 0 } variable
                ? CommandLineParser.ParseTimeout(variable, CommandOptions.TimeoutVariable)
                : CommandOptions.DefaultTimeoutSeconds);
        return new ClientSettings(home, relay, ca, user) { Timeout = TimeSpan.FromSeconds(timeout) };
    }

    public Uri RequireRelay() =>
        Relay ?? throw new UsageException($"No relay address: give --relay wss://host:port/ws, or set \"relay\" in {Home.ConfigFile}.");

    public string RequireCaFile() =>
        CaFile ?? throw new UsageException($"No CA certificate: give --ca PATH, or set \"ca\" in {Home.ConfigFile}.");

    public string RequireUser() =>
        User ?? throw new UsageException($"No user name: run 'pychat init --user NAME' first, or give --user.");
}
