using System.Text.RegularExpressions;
using FluentAssertions;
using PyChat.Integration.Tests.Support;
using PyChat.TestSupport;

namespace PyChat.Integration.Tests.Packaging;

/// <summary>
/// The pychat tool installed from the local feed with README.md's <c>dotnet tool install</c> (into a folder of the
/// test's own instead of the user's global one), then run as the command a person types.
/// </summary>
[Collection(PackagesCollection.Name)]
public sealed class PychatToolTests(PackageFeed feed, RelayFixture relay) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private readonly TempDirectory _folder = new();

    [Fact]
    public async Task InstalledPychat_HelpAndVersion_AreThoseOfThePackage()
    {
        var pychat = await InstallAsync();

        var help = await ChildProcess.RunSuccessfullyAsync(pychat, ["--help"], _folder.Path, ChildEnvironment.ForPychat(null), Patience);
        var version = await ChildProcess.RunSuccessfullyAsync(pychat, ["--version"], _folder.Path, ChildEnvironment.ForPychat(null), Patience);

        help.StandardOutput.Should().Contain("pychat [command] [options]").And.MatchRegex(@"(?m)^\s+send <ROOM> <TEXT>\s");
        version.StandardOutput.Trim().Should().StartWith(feed.Version + "+", "the version of the package installed, then the commit it was built from");
    }

    [Fact]
    public async Task InstalledPychat_TwoIdentities_OneReadsWhatTheOtherSends()
    {
        var pychat = await InstallAsync();
        var (alice, bob, room) = (relay.UniqueName("alice"), relay.UniqueName("bob"), relay.UniqueName("tooled"));
        await InitAsync(pychat, alice);
        await InitAsync(pychat, bob);

        await using var reading = ChildProcess.Start(pychat, ["--home", Home(bob), "read", room, "--create", "--count", "1", "--seconds", "300"], _folder.Path, Environment());
        await reading.WaitForLineAsync(line => line.Contains("new room key, epoch 1", StringComparison.Ordinal), Patience);
        var rooms = await RunAsync(pychat, "--home", Home(alice), "rooms");
        rooms.StandardOutput.Split('\n').Should().Contain($"{room} 1/10", "bob is in the room he created");
        await RunAsync(pychat, "--home", Home(alice), "send", room, "hello", "from", "the", "tool");

        var read = await reading.WaitForExitAsync(Patience);
        read.ExitCode.Should().Be(0, read.ToString());
        reading.Output.Should().Contain(line => Regex.IsMatch(line, $@"^\d\d:\d\d:\d\d {Regex.Escape(alice)} ✓ hello from the tool$"), read.ToString());
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>Installs the tool with README.md's command and returns the installed command's path.</summary>
    private async Task<string> InstallAsync()
    {
        var tools = _folder.Combine("tools");
        var replace = new Dictionary<string, string[]>
        {
            ["--global"] = ["--tool-path", tools],
            [DocumentedCommands.DocumentedFeed] = [feed.FeedPath],
        };
        // The version pinned: the package just packed, never one of another source.
        string[] arguments = [.. DocumentedCommands.Arguments(DocumentedCommands.InstallTool, replace), "--version", feed.Version];
        await ChildProcess.RunSuccessfullyAsync("dotnet", arguments, _folder.Path, ChildEnvironment.ForDotnet(_folder.Combine("nuget-packages")), PackageFeed.Patience);
        return Path.Combine(tools, "pychat");
    }

    private Task InitAsync(string pychat, string user) =>
        RunAsync(pychat, "--home", Home(user), "init", "--user", user, "--relay", relay.Relay.WebSocketUri.ToString(), "--ca", relay.Relay.CaCertificatePath);

    private Task<ExternalToolResult> RunAsync(string pychat, params string[] arguments) =>
        ChildProcess.RunSuccessfullyAsync(pychat, arguments, _folder.Path, Environment(), Patience);

    private string Home(string user) => _folder.Combine("home-" + user);

    // A throwaway test password, from the environment as docs/CONSOLE.md tells scripts to give it.
    private static ChildEnvironment Environment() => ChildEnvironment.ForPychat("packaged tool password");
}
