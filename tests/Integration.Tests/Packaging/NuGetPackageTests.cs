using System.Collections.Immutable;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using FluentAssertions;
using PyChat.TestSupport;

namespace PyChat.Integration.Tests.Packaging;

/// <summary>
/// What <c>dotnet pack</c> made of PyChat.Protocol, PyChat.ClientLib and the pychat tool, read from the packages
/// themselves: the nuspec's metadata, the files inside, and the symbols (SourceLink, embedded sources, deterministic
/// builds). The expected values come from the project files, so a property that does not reach the package fails.
/// </summary>
[Collection(PackagesCollection.Name)]
public sealed class NuGetPackageTests(PackageFeed feed)
{
    public static TheoryData<string, string> Libraries => new()
    {
        { "PyChat.Protocol", "src/Protocol/PyChat.Protocol.csproj" },
        { "PyChat.ClientLib", "src/ClientLib/PyChat.ClientLib.csproj" },
    };

    [Theory]
    [MemberData(nameof(Libraries))]
    public async Task Library_Nuspec_CarriesTheMetadataOfItsProject(string id, string project)
    {
        using var package = new NuGetPackage(feed.Package(id));

        AssertCommonMetadata(package, id, project);
        await AssertRepositoryAsync(package);
        package.RequiredMetadata("tags").Value.Split(' ').Should().Contain("pychat");
    }

    [Fact]
    public void ClientLib_DependsOnProtocol_OfTheSameVersion()
    {
        using var package = new NuGetPackage(feed.Package("PyChat.ClientLib"));

        package.Dependencies.Should().Contain(("PyChat.Protocol", feed.Version));
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void Library_Package_HoldsTheDllAndItsXmlDocumentation(string id, string project)
    {
        using var package = new NuGetPackage(feed.Package(id));

        package.Files.Should().Contain($"lib/net10.0/{id}.dll");
        var documentation = package.ReadXml($"lib/net10.0/{id}.xml");
        documentation.Root!.Element("assembly")!.Element("name")!.Value.Should().Be(id, project);
        documentation.Descendants("member").Should().NotBeEmpty("the public API's doc comments are what an IDE shows");
    }

    [Fact]
    public void ClientLib_XmlDocumentation_DocumentsThePublicApi()
    {
        using var package = new NuGetPackage(feed.Package("PyChat.ClientLib"));
        var documentation = package.ReadXml("lib/net10.0/PyChat.ClientLib.xml");

        documentation.Descendants("member").Select(m => (string)m.Attribute("name")!)
            .Should().Contain(["T:PyChat.Client.PyChatClient", "T:PyChat.Client.ChatRoom", "T:PyChat.Client.PyChatClientOptions"]);
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void Library_SymbolPackage_HoldsThePortablePdbOfItsDll(string id, string project)
    {
        using var package = new NuGetPackage(feed.Package(id));
        using var symbols = new NuGetPackage(feed.SymbolPackage(id));
        using var pdb = new PortablePdb(symbols.Read($"lib/net10.0/{id}.pdb"));
        using var dll = new PEReader(ImmutableArray.Create(package.Read($"lib/net10.0/{id}.dll")));

        var codeView = dll.ReadDebugDirectory().Single(entry => entry.Type == DebugDirectoryEntryType.CodeView);
        dll.ReadCodeViewDebugDirectoryData(codeView).Guid.Should().Be(pdb.Guid, $"{project}'s symbols are those of the DLL beside them");
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void Library_Pdb_NamesRepositoryPathsAndEmbedsTheGeneratedSources(string id, string project)
    {
        using var symbols = new NuGetPackage(feed.SymbolPackage(id));
        using var pdb = new PortablePdb(symbols.Read($"lib/net10.0/{id}.pdb"));
        var embedded = pdb.DocumentsWithEmbeddedSource;

        // ContinuousIntegrationBuild: the repository's files by their path from its root, /_/, never the build machine's folder.
        pdb.Documents.Should().Contain(path => path.StartsWith($"/_/{Path.GetDirectoryName(project)}/", StringComparison.Ordinal), project)
            .And.OnlyContain(path => path.StartsWith("/_/", StringComparison.Ordinal) || embedded.Contains(path), "a file outside the repository travels inside the PDB");
        // Files not in the repository (generated into obj/) cannot be fetched by SourceLink, so their text is in the PDB.
        embedded.Should().Contain(path => path.EndsWith(".AssemblyInfo.cs", StringComparison.Ordinal))
            .And.NotContain(path => path.StartsWith("/_/src/", StringComparison.Ordinal), "tracked sources come through SourceLink");
    }

    [Fact]
    public async Task Library_PackedInACloneOfThePublishedRepository_SourceLinksToItAtTheCommit()
    {
        using var clone = await PublishedClonePack.CreateAsync();
        using var package = new NuGetPackage(clone.Package);
        using var symbols = new NuGetPackage(clone.SymbolPackage);
        using var pdb = new PortablePdb(symbols.Read("lib/net10.0/PyChat.Protocol.pdb"));

        var sourceLink = System.Text.Json.JsonDocument.Parse(pdb.SourceLink ?? throw new Xunit.Sdk.XunitException("the PDB has no SourceLink"));
        sourceLink.RootElement.GetProperty("documents").GetProperty("/_/*").GetString()
            .Should().Be($"https://raw.githubusercontent.com/pychat-example/pychat/{clone.Commit}/*", "a debugger fetches each source at the commit built");
        var repository = package.RequiredMetadata("repository");
        ((string)repository.Attribute("url")!).Should().Be(PublishedClonePack.Origin + ".git");
        ((string)repository.Attribute("commit")!).Should().Be(clone.Commit);
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void Library_Dll_IsADeterministicBuild(string id, string project)
    {
        using var package = new NuGetPackage(feed.Package(id));
        using var dll = new PEReader(ImmutableArray.Create(package.Read($"lib/net10.0/{id}.dll")));

        // The compiler writes this debug entry only with /deterministic: the same sources give the same bytes.
        dll.ReadDebugDirectory().Should().Contain(entry => entry.Type == DebugDirectoryEntryType.Reproducible, project);
    }

    [Fact]
    public async Task Tool_Package_IsADotnetToolThatInstallsTheCommandPychat()
    {
        using var package = new NuGetPackage(feed.Package("PyChat.ConsoleClient"));

        AssertCommonMetadata(package, "PyChat.ConsoleClient", "src/ConsoleClient/PyChat.ConsoleClient.csproj");
        await AssertRepositoryAsync(package);
        package.RequiredMetadata("packageTypes").Elements().Select(e => (string)e.Attribute("name")!).Should().Equal("DotnetTool");
        var settings = package.ReadXml("tools/net10.0/any/DotnetToolSettings.xml");
        var command = settings.Descendants("Command").Single();
        ((string)command.Attribute("Name")!).Should().Be("pychat");
        package.Files.Should().Contain("tools/net10.0/any/" + (string)command.Attribute("EntryPoint")!);
        package.Dependencies.Should().BeEmpty("a tool carries its libraries inside");
    }

    private void AssertCommonMetadata(NuGetPackage package, string id, string project)
    {
        var projectFile = XDocument.Load(RepositoryRoot.Combine(project));
        var buildProperties = XDocument.Load(RepositoryRoot.Combine("Directory.Build.props"));

        package.RequiredMetadata("id").Value.Should().Be(id);
        package.RequiredMetadata("version").Value.Should().Be(feed.Version);
        package.RequiredMetadata("authors").Value.Should().Be(buildProperties.Descendants("Authors").Single().Value);
        package.RequiredMetadata("description").Value.Should().Be(projectFile.Descendants("Description").Single().Value);
        var license = package.RequiredMetadata("license");
        ((string)license.Attribute("type")!).Should().Be("expression");
        license.Value.Should().Be("MIT");
        File.ReadAllText(RepositoryRoot.Combine("LICENSE")).Should().StartWith("MIT License", "the expression names the LICENSE file's licence");
        package.RequiredMetadata("readme").Value.Should().Be("README.md");
        package.Read("README.md").Should().Equal(File.ReadAllBytes(Path.Combine(Path.GetDirectoryName(RepositoryRoot.Combine(project))!, "README.nuget.md")));
    }

    /// <summary>The commit the package was built from, when it was built in a git clone (SourceLink reads it from .git).</summary>
    private static async Task AssertRepositoryAsync(NuGetPackage package)
    {
        var repository = package.Metadata("repository");
        if (!Path.Exists(RepositoryRoot.Combine(".git")))
        {
            repository?.Attribute("commit").Should().BeNull("a build outside a clone has no commit to name");
            return;
        }

        var head = await ExternalTool.RunSuccessfullyAsync("git", ["-C", RepositoryRoot.Path, "rev-parse", "HEAD"]);
        repository.Should().NotBeNull();
        ((string)repository!.Attribute("type")!).Should().Be("git");
        ((string)repository.Attribute("commit")!).Should().Be(head.StandardOutput.Trim());
    }
}
