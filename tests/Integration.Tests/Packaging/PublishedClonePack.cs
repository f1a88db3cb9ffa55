using PyChat.TestSupport;

namespace PyChat.Integration.Tests.Packaging;

/// <summary>
/// PyChat.Protocol packed in a clone of this repository whose origin is a GitHub address, as in a clone of the
/// published repository. SourceLink maps sources to URLs only for a remote it knows the host of, and the clones
/// the tests usually run in have none (or a folder) as origin. The clone is of the commit checked out (HEAD).
/// </summary>
internal sealed class PublishedClonePack : IDisposable
{
    /// <summary>The origin the clone is given; no request ever goes there.</summary>
    public const string Origin = "https://github.com/pychat-example/pychat";

    private readonly TempDirectory _folder = new();

    private PublishedClonePack()
    {
    }

    public string Commit { get; private set; } = null!;

    public string Package => _folder.Combine("feed", $"PyChat.Protocol.{PackageFeed.RepositoryVersion}.nupkg");

    public string SymbolPackage => Path.ChangeExtension(Package, ".snupkg");

    public static async Task<PublishedClonePack> CreateAsync()
    {
        var pack = new PublishedClonePack();
        try
        {
            await pack.PackAsync();
            return pack;
        }
        catch
        {
            pack.Dispose();
            throw;
        }
    }

    public void Dispose() => _folder.Dispose();

    private async Task PackAsync()
    {
        var clone = _folder.Combine("clone");
        // --shared borrows the repository's objects instead of copying them.
        await ExternalTool.RunSuccessfullyAsync("git", ["clone", "--quiet", "--shared", RepositoryRoot.Path, clone]);
        await ExternalTool.RunSuccessfullyAsync("git", ["-C", clone, "remote", "set-url", "origin", Origin + ".git"]);
        Commit = (await ExternalTool.RunSuccessfullyAsync("git", ["-C", clone, "rev-parse", "HEAD"])).StandardOutput.Trim();

        var replace = new Dictionary<string, string[]> { [DocumentedCommands.DocumentedFeed] = [_folder.Combine("feed")] };
        string[] arguments =
        [
            .. DocumentedCommands.Arguments(DocumentedCommands.PackProtocol, replace),
            "--artifacts-path", _folder.Combine("build"),
            "-p:ContinuousIntegrationBuild=true",
        ];
        await ChildProcess.RunSuccessfullyAsync("dotnet", arguments, clone, ChildEnvironment.ForDotnet(), PackageFeed.Patience);
    }
}
