using PyChat.ConsoleClient.Commands;

namespace PyChat.ConsoleClient.Configuration;

/// <summary>What a run uses after merging options (first) and config file (second).</summary>
internal sealed record ClientSettings(HomeFolder Home, Uri? Relay, string? CaFile, string? User)
{
    public static ClientSettings Merge(HomeFolder home, CommandOptions options, ClientConfig config)
    {
        var relay = options.Relay ?? (config.Relay is null ? null : CommandLineParser.ParseRelay(config.Relay));
        var ca = options.CaFile is not null
            ? Path.GetFullPath(options.CaFile)
            : config.CaFile is null ? null : Path.GetFullPath(config.CaFile, home.Path);
        var user = options.User ?? (config.User is null ? null : CommandLineParser.ParseName(config.User, "user"));
        return new ClientSettings(home, relay, ca, user);
    }

    public Uri RequireRelay() =>
        Relay ?? throw new UsageException($"No relay address: give --relay wss://host:port/ws, or set \"relay\" in {Home.ConfigFile}.");

    public string RequireCaFile() =>
        CaFile ?? throw new UsageException($"No CA certificate: give --ca PATH, or set \"ca\" in {Home.ConfigFile}.");

    public string RequireUser() =>
        User ?? throw new UsageException($"No user name: run 'pychat init --user NAME' first, or give --user.");
}
