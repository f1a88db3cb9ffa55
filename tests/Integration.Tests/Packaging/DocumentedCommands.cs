namespace PyChat.Integration.Tests.Packaging;

/// <summary>
/// The install commands as README.md and docs/CLIENTLIB.md show them, word for word
/// (<see cref="PackagingDocumentTests"/> checks that), and the one change each needs to run inside a test:
/// the folder names a person types become the test's own temporary folders.
/// </summary>
internal static class DocumentedCommands
{
    /// <summary>The local feed the documents pack into and install from, relative to the repository folder.</summary>
    public const string DocumentedFeed = "./artifacts";

    public const string PackProtocol = "dotnet pack src/Protocol -c Release -o ./artifacts";
    public const string PackClientLib = "dotnet pack src/ClientLib -c Release -o ./artifacts";
    public const string PackConsoleClient = "dotnet pack src/ConsoleClient -c Release -o ./artifacts";
    public const string InstallTool = "dotnet tool install --global --add-source ./artifacts PyChat.ConsoleClient";
    public const string AddClientLib = "dotnet add package PyChat.ClientLib --version 0.1.0";

    /// <summary>docs/RELAY.md, "Install": the relay for a server with no .NET on it.</summary>
    public const string PublishRelay = "dotnet publish src/Relay -c Release -r linux-x64 --self-contained -o out/relay";

    /// <summary>Where <see cref="PublishRelay"/> puts the relay, relative to the repository folder.</summary>
    public const string DocumentedPublishFolder = "out/relay";

    /// <summary>docs/CLIENTLIB.md's nuget.config names the feed by this placeholder path.</summary>
    public const string DocumentedFeedInNuGetConfig = "/path/to/pychat/artifacts";

    /// <summary>The arguments of a documented <c>dotnet ...</c> line (without <c>dotnet</c>), with each word in <paramref name="replace"/> replaced.</summary>
    public static string[] Arguments(string documented, IReadOnlyDictionary<string, string[]> replace)
    {
        var words = documented.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words[0] != "dotnet")
        {
            throw new ArgumentException($"not a dotnet command: {documented}", nameof(documented));
        }

        return [.. words.Skip(1).SelectMany(word => replace.TryGetValue(word, out var replacement) ? replacement : [word])];
    }
}
