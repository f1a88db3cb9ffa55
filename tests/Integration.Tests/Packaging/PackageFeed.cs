using System.Xml.Linq;
using PyChat.Integration.Tests.Support;
using PyChat.TestSupport;

namespace PyChat.Integration.Tests.Packaging;

/// <summary>
/// PyChat.Protocol, PyChat.ClientLib and the pychat tool, packed once per test run (packing takes tens of seconds)
/// with the documented commands into a local feed of the run's own. They build in a folder of their own
/// (<c>--artifacts-path</c>), never in the bin/ and obj/ folders the tests themselves run from, and as CI builds
/// (<c>ContinuousIntegrationBuild</c>: deterministic paths in the PDBs).
/// </summary>
public sealed class PackageFeed : IAsyncLifetime
{
    /// <summary>A guard against a hung build or restore, never a timing assertion.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);

    private static readonly string[] PackCommands =
        [DocumentedCommands.PackProtocol, DocumentedCommands.PackClientLib, DocumentedCommands.PackConsoleClient];

    private readonly TempDirectory _folder = new();

    /// <summary>The repository's one version (<c>VersionPrefix</c> in Directory.Build.props).</summary>
    public static string RepositoryVersion { get; } = XDocument.Load(RepositoryRoot.Combine("Directory.Build.props"))
        .Descendants("VersionPrefix").Single().Value;

    /// <summary>The local feed: each package's .nupkg and, for the libraries, its .snupkg.</summary>
    public string FeedPath => _folder.Combine("feed");

    public string Version => RepositoryVersion;

    public string Package(string id) => Path.Combine(FeedPath, $"{id}.{Version}.nupkg");

    public string SymbolPackage(string id) => Path.Combine(FeedPath, $"{id}.{Version}.snupkg");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(FeedPath);
        var replace = new Dictionary<string, string[]> { [DocumentedCommands.DocumentedFeed] = [FeedPath] };
        // One after the other: the later packs reuse what the earlier ones built in the same artifacts folder.
        foreach (var command in PackCommands)
        {
            string[] arguments =
            [
                .. DocumentedCommands.Arguments(command, replace),
                "--artifacts-path", _folder.Combine("build"),
                "-p:ContinuousIntegrationBuild=true",
            ];
            await ChildProcess.RunSuccessfullyAsync("dotnet", arguments, RepositoryRoot.Path, ChildEnvironment.ForDotnet(), Patience);
        }
    }

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>The packaging tests: one feed, packed once, and a relay of their own.</summary>
[CollectionDefinition(Name)]
public sealed class PackagesCollection : ICollectionFixture<PackageFeed>, ICollectionFixture<RelayFixture>
{
    public const string Name = "packages";
}
