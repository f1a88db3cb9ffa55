using System.Text.Json;
using FluentAssertions;
using PyChat.Client;
using PyChat.Integration.Tests.Support;
using PyChat.TestSupport;
using PyChat.TestSupport.Relays;

namespace PyChat.Integration.Tests.Packaging;

/// <summary>
/// docs/RELAY.md's "Install": the relay published self-contained with the documented command, started from the
/// published folder as the systemd unit starts it (its own executable, no <c>dotnet</c>), makes its certificates
/// and answers a client that pins them.
/// </summary>
[Collection(PackagesCollection.Name)] // one build at a time: the packs of the same collection build too
public sealed class PublishedRelayTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(10); // a guard against a hung build, not a timing assertion
    private readonly TempDirectory _folder = new();

    [Fact]
    public async Task TheSelfContainedRelay_RunsFromItsFolder_AndAClientRegistersAndChatsThere()
    {
        var output = _folder.Combine("published");
        var replace = new Dictionary<string, string[]> { [DocumentedCommands.DocumentedPublishFolder] = [output] };
        string[] arguments = [.. DocumentedCommands.Arguments(DocumentedCommands.PublishRelay, replace), "--artifacts-path", _folder.Combine("build")];
        await ChildProcess.RunSuccessfullyAsync("dotnet", arguments, RepositoryRoot.Path, ChildEnvironment.ForDotnet(), Patience);

        // Self-contained: the runtime is in the folder, and the runtime config names no shared framework to look for.
        File.Exists(Path.Combine(output, "libcoreclr.so")).Should().BeTrue("the runtime comes with the relay");
        using var runtimeConfig = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "PyChat.Relay.runtimeconfig.json")));
        runtimeConfig.RootElement.GetProperty("runtimeOptions").TryGetProperty("framework", out _).Should().BeFalse();
        runtimeConfig.RootElement.GetProperty("runtimeOptions").TryGetProperty("frameworks", out _).Should().BeFalse();

        using var state = new TempDirectory();
        await using var relay = await RelayProcess.StartPublishedAsync(Path.Combine(output, "PyChat.Relay"), state);
        var options = PyChatClientOptions.Default with { RelayUri = relay.WebSocketUri, CaCertificatePath = relay.CaCertificatePath };
        await using var alice = await Member.RegisterAsync("alice", options);
        await using var bob = await Member.RegisterAsync("bob", options);
        await alice.CreateAsync("published");
        await bob.JoinAsync("published");
        await bob.Room.WaitForKeyAsync();

        await bob.Room.SendAsync("from a published relay");

        await alice.Events.WaitForMessageAsync("from a published relay");
        alice.Events.Messages().Should().ContainSingle(m => m.Text == "from a published relay").Which.Sender.Should().Be("bob");
        File.Exists(state.Combine("certs", "ca.crt")).Should().BeTrue("its first start made its CA, as on a server");
    }

    public void Dispose() => _folder.Dispose();
}
