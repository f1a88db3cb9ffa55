using System.Security.Cryptography;
using FluentAssertions;
using PyChat.Client;
using PyChat.Client.Cryptography;
using PyChat.ConsoleClient.Commands;
using PyChat.ConsoleClient.Configuration;

namespace PyChat.ConsoleClient.Tests.Configuration;

public sealed class ClientSettingsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pychat-settings-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Home_ComesFromTheOption_ThenTheVariable_ThenTheProfile()
    {
        HomeFolder.Resolve("/opt/a", _ => "/opt/b").Path.Should().Be(Path.GetFullPath("/opt/a"));
        HomeFolder.Resolve(null, v => v == HomeFolder.EnvironmentVariable ? "/opt/b" : null).Path.Should().Be(Path.GetFullPath("/opt/b"));
        HomeFolder.Resolve(null, _ => null).Path.Should().EndWith(".pychat");
    }

    [Fact]
    public async Task ConfigFile_RoundTrips_AndMissingIsEmpty()
    {
        var path = Path.Combine(_folder, "config.json");
        (await ConfigFile.ReadAsync(path)).Should().Be(ClientConfig.Empty);

        var config = new ClientConfig { Relay = "wss://relay.example:443/ws", CaFile = "/etc/ca.crt", User = "alice" };
        await ConfigFile.WriteAsync(path, config);

        (await ConfigFile.ReadAsync(path)).Should().Be(config);
        (await File.ReadAllTextAsync(path)).Should().Contain("\"relay\": \"wss://relay.example:443/ws\"");
    }

    [Fact]
    public async Task BrokenConfigFile_IsAClearUsageError()
    {
        var path = Path.Combine(_folder, "config.json");
        await File.WriteAllTextAsync(path, "{ not json");

        var read = () => ConfigFile.ReadAsync(path);

        (await read.Should().ThrowAsync<UsageException>()).Which.Message.Should().Contain("not valid JSON");
    }

    [Fact]
    public void Options_OverrideTheConfigFile_AndRelativeCaPathsAreRelativeToHome()
    {
        var home = new HomeFolder(_folder);
        var config = new ClientConfig { Relay = "wss://a:1/ws", CaFile = "ca.crt", User = "alice" };

        var fromConfig = ClientSettings.Merge(home, new CommandOptions(), config, NoVariables);
        fromConfig.Should().Be(new ClientSettings(home, new Uri("wss://a:1/ws"), Path.Combine(_folder, "ca.crt"), "alice"));

        var overridden = ClientSettings.Merge(home, new CommandOptions { Relay = new Uri("wss://b:2/ws"), User = "bob" }, config, NoVariables);
        overridden.Relay.Should().Be(new Uri("wss://b:2/ws"));
        overridden.User.Should().Be("bob");
    }

    [Fact]
    public void Timeout_ComesFromTheOption_ThenTheVariable_ThenTheDefault()
    {
        var home = new HomeFolder(_folder);
        string? Variable(string name) => name == CommandOptions.TimeoutVariable ? "45" : null;

        ClientSettings.Merge(home, new CommandOptions(), ClientConfig.Empty, NoVariables).Timeout.Should().Be(TimeSpan.FromSeconds(10));
        ClientSettings.Merge(home, new CommandOptions(), ClientConfig.Empty, Variable).Timeout.Should().Be(TimeSpan.FromSeconds(45));
        ClientSettings.Merge(home, new CommandOptions { TimeoutSeconds = 3 }, ClientConfig.Empty, Variable).Timeout.Should().Be(TimeSpan.FromSeconds(3));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("601")]
    [InlineData("ten")]
    public void Timeout_FromTheVariable_OutOfRange_IsAUsageError(string value)
    {
        var merge = () => ClientSettings.Merge(new HomeFolder(_folder), new CommandOptions(), ClientConfig.Empty, _ => value);

        merge.Should().Throw<UsageException>().WithMessage("PYCHAT_TIMEOUT must be a whole number of seconds from 1 to 600.");
    }

    [Fact]
    public void MissingRelay_SaysHowToGiveIt()
    {
        var settings = ClientSettings.Merge(new HomeFolder(_folder), new CommandOptions(), ClientConfig.Empty, NoVariables);

        settings.Invoking(s => s.RequireRelay()).Should().Throw<UsageException>().WithMessage("*--relay*config.json*");
        settings.Invoking(s => s.RequireCaFile()).Should().Throw<UsageException>().WithMessage("*--ca*");
        settings.Invoking(s => s.RequireUser()).Should().Throw<UsageException>().WithMessage("*pychat init*");
    }

    [Fact]
    public void KnownPeersFile_IsOnePerRelayId_InsideHome()
    {
        var home = new HomeFolder(_folder);
        var relayId = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

        home.KnownPeersFile(relayId).Should().Be(Path.Combine(_folder, $"known-peers-{Convert.ToHexStringLower(relayId)}.json"));
    }

    [Fact]
    public void ThePeerTrustedThroughOneAddress_IsKnownThroughAnother_OfTheSameRelay()
    {
        var home = new HomeFolder(_folder);
        var relayId = SHA256.HashData("the relay's CA"u8);
        using var omar = IdentityKey.Generate();
        new KnownPeersFile(home.AdoptKnownPeersFile(new Uri("wss://127.0.0.1:7443/ws"), relayId)).Trust("omar", omar.PublicKey);

        var throughProxy = new KnownPeersFile(home.AdoptKnownPeersFile(new Uri("wss://chat.example:443/ws"), relayId));

        throughProxy.Check("omar", omar.PublicKey).Should().Be(PeerTrust.Trusted);
    }

    [Fact]
    public void ATablePerHostAndPort_IsAdoptedByTheRelayId_AndKeepsItsTrust()
    {
        var home = new HomeFolder(_folder);
        var relay = new Uri("wss://127.0.0.1:5001/ws");
        var relayId = SHA256.HashData("the relay's CA"u8);
        using var omar = IdentityKey.Generate();
        var perHost = Path.Combine(_folder, "known-peers-127.0.0.1-5001.json");
        new KnownPeersFile(perHost).Trust("omar", omar.PublicKey);

        var adopted = home.AdoptKnownPeersFile(relay, relayId);

        adopted.Should().Be(home.KnownPeersFile(relayId));
        File.Exists(perHost).Should().BeFalse("the table moved");
        new KnownPeersFile(adopted).Check("omar", omar.PublicKey).Should().Be(PeerTrust.Trusted);
    }

    [Fact]
    public void ATablePerHostAndPort_IsLeftAlone_WhenTheRelayIdHasOneAlready()
    {
        var home = new HomeFolder(_folder);
        var relayId = SHA256.HashData("the relay's CA"u8);
        using var omar = IdentityKey.Generate();
        var perHost = Path.Combine(_folder, "known-peers-127.0.0.1-5001.json");
        new KnownPeersFile(perHost).Trust("omar", omar.PublicKey);
        new KnownPeersFile(home.KnownPeersFile(relayId)).Trust("nina", omar.PublicKey);

        var table = new KnownPeersFile(home.AdoptKnownPeersFile(new Uri("wss://127.0.0.1:5001/ws"), relayId));

        table.Check("omar", omar.PublicKey).Should().Be(PeerTrust.FirstSeen);
        File.Exists(perHost).Should().BeTrue();
    }

    private static string? NoVariables(string name) => null;
}
