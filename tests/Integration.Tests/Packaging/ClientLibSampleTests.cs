using System.Security.Cryptography;
using FluentAssertions;
using PyChat.Integration.Tests.Support;
using PyChat.TestSupport;

namespace PyChat.Integration.Tests.Packaging;

/// <summary>
/// docs/CLIENTLIB.md's "Install", done as a person does it: a fresh app outside the repository, the document's
/// nuget.config naming the local feed, its <c>dotnet add package</c>, a build; then the app chats over a real
/// relay with a member of the test's own.
/// </summary>
[Collection(PackagesCollection.Name)]
public sealed class ClientLibSampleTests(PackageFeed feed, RelayFixture relay) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private readonly TempDirectory _folder = new();

    [Fact]
    public async Task Sample_WithTheClientLibPackage_ChatsWithAnotherMemberOverARealRelay()
    {
        var app = WriteSampleApp();
        var packages = _folder.Combine("nuget-packages");
        var dotnet = ChildEnvironment.ForDotnet(packages);

        await ChildProcess.RunSuccessfullyAsync("dotnet", DocumentedCommands.Arguments(DocumentedCommands.AddClientLib, new Dictionary<string, string[]>()), app, dotnet, PackageFeed.Patience);
        RestoredPackageHash(packages, "PyChat.ClientLib").Should().Be(Hash(feed.Package("PyChat.ClientLib")), "the restore took the package just packed");
        RestoredPackageHash(packages, "PyChat.Protocol").Should().Be(Hash(feed.Package("PyChat.Protocol")), "ClientLib's dependency came along from the feed");
        await ChildProcess.RunSuccessfullyAsync("dotnet", ["build", "-c", "Release"], app, dotnet, PackageFeed.Patience);

        var (user, room) = (relay.UniqueName("sample"), relay.UniqueName("packaged"));
        string[] arguments = [Path.Combine(app, "bin", "Release", "net10.0", "PackageSample.dll"), relay.Relay.WebSocketUri.ToString(), relay.Relay.CaCertificatePath, user, room];
        await using var sample = ChildProcess.Start("dotnet", arguments, app, new ChildEnvironment());
        await sample.WaitForLineAsync(line => line == $"created {room} as {user}", Patience);

        await using var member = await relay.RegisterAsync("member");
        await member.JoinAsync(room);
        await member.Room.SendAsync("hello from the test");
        await member.Events.WaitForMessageAsync($"thanks, {member.Name}");

        var result = await sample.WaitForExitAsync(Patience);
        result.ExitCode.Should().Be(0, result.ToString());
        sample.Output.Should().Equal($"created {room} as {user}", $"received from {member.Name}: hello from the test", $"answered {member.Name}");
        member.Events.Messages().Single(m => m.Text == $"thanks, {member.Name}").Sender.Should().Be(user);
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>The sample's project and program, copied out of the repository, and docs/CLIENTLIB.md's nuget.config naming the feed.</summary>
    private string WriteSampleApp()
    {
        var app = Directory.CreateDirectory(_folder.Combine("app")).FullName;
        foreach (var file in new[] { "PackageSample.csproj", "Program.cs" })
        {
            File.Copy(RepositoryRoot.Combine("tests", "Integration.Tests", "Packaging", "Sample", file), Path.Combine(app, file));
        }

        var documented = DocumentBlocks.Read(RepositoryRoot.Combine("docs", "CLIENTLIB.md"), "xml nuget.config").Should().ContainSingle().Subject;
        documented.Should().Contain(DocumentedCommands.DocumentedFeedInNuGetConfig);
        File.WriteAllText(Path.Combine(app, "nuget.config"), documented.Replace(DocumentedCommands.DocumentedFeedInNuGetConfig, feed.FeedPath, StringComparison.Ordinal));
        return app;
    }

    /// <summary>The hash NuGet recorded for the package it extracted (it names packages in lower case there).</summary>
    private string RestoredPackageHash(string packages, string id)
    {
        var name = id.ToLowerInvariant();
        return File.ReadAllText(Path.Combine(packages, name, feed.Version, $"{name}.{feed.Version}.nupkg.sha512")).Trim();
    }

    private static string Hash(string file) => Convert.ToBase64String(SHA512.HashData(File.ReadAllBytes(file)));
}
