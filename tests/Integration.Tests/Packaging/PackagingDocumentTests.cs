using FluentAssertions;
using PyChat.TestSupport;

namespace PyChat.Integration.Tests.Packaging;

/// <summary>
/// The install commands README.md and docs/CLIENTLIB.md show are the ones the packaging tests run
/// (<see cref="DocumentedCommands"/>), so a document cannot drift from what is proven to work.
/// </summary>
public sealed class PackagingDocumentTests
{
    [Fact]
    public void Readme_InstallsTheToolWithTheTestedCommands()
    {
        DocumentBlocks.ShellLines(RepositoryRoot.Combine("README.md"))
            .Should().ContainInOrder(DocumentedCommands.PackConsoleClient, DocumentedCommands.InstallTool);
    }

    [Fact]
    public void RelayDocument_PublishesTheRelayWithTheTestedCommand() =>
        DocumentBlocks.ShellLines(RepositoryRoot.Combine("docs", "RELAY.md")).Should().Contain(DocumentedCommands.PublishRelay);

    [Fact]
    public void ConsoleDocument_InstallsTheToolWithTheTestedCommands()
    {
        DocumentBlocks.ShellLines(RepositoryRoot.Combine("docs", "CONSOLE.md"))
            .Should().ContainInOrder(DocumentedCommands.PackConsoleClient, DocumentedCommands.InstallTool);
    }

    [Fact]
    public void ClientLibDocument_InstallsThePackageWithTheTestedCommands()
    {
        var lines = DocumentBlocks.ShellLines(RepositoryRoot.Combine("docs", "CLIENTLIB.md"));

        lines.Should().ContainInOrder(DocumentedCommands.PackProtocol, DocumentedCommands.PackClientLib, DocumentedCommands.AddClientLib);
        DocumentedCommands.AddClientLib.Should().EndWith($"--version {PackageFeed.RepositoryVersion}", "the document names the version Directory.Build.props gives");
    }

    [Fact]
    public void ClientLibDocument_NuGetConfig_TakesPyChatPackagesFromTheLocalFeedOnly()
    {
        var config = System.Xml.Linq.XDocument.Parse(DocumentBlocks.Read(RepositoryRoot.Combine("docs", "CLIENTLIB.md"), "xml nuget.config").Should().ContainSingle().Subject);

        var feed = config.Descendants("add").Single(source => (string?)source.Attribute("value") == DocumentedCommands.DocumentedFeedInNuGetConfig);
        var mapped = config.Descendants("packageSource").Single(source => (string?)source.Attribute("key") == (string?)feed.Attribute("key"));
        mapped.Elements("package").Select(package => (string?)package.Attribute("pattern")).Should().Equal("PyChat.*");
    }

    [Fact]
    public void GitIgnore_KeepsTheLocalFeedOutOfTheRepository()
    {
        File.ReadAllLines(RepositoryRoot.Combine(".gitignore")).Should().Contain("/artifacts/");
    }
}
