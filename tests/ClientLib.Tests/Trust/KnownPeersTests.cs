using FluentAssertions;
using PyChat.Client;
using PyChat.Client.Cryptography;

namespace PyChat.ClientLib.Tests.Trust;

/// <summary>The contract every <see cref="IKnownPeers"/> passes, run against each implementation.</summary>
public abstract class KnownPeersContract
{
    protected abstract IKnownPeers Open();

    [Fact]
    public void UnknownName_IsFirstSeen_ThenTrusted()
    {
        var peers = Open();
        using var key = IdentityKey.Generate();

        peers.Check("alice", key.PublicKey).Should().Be(PeerTrust.FirstSeen);
        peers.Check("alice", key.PublicKey).Should().Be(PeerTrust.Trusted);
    }

    [Fact]
    public void DifferentKey_IsChanged_AndTheOldOneIsKeptUntilTrusted()
    {
        var peers = Open();
        using var first = IdentityKey.Generate();
        using var second = IdentityKey.Generate();
        peers.Check("alice", first.PublicKey);

        peers.Check("alice", second.PublicKey).Should().Be(PeerTrust.Changed);
        peers.Check("alice", second.PublicKey).Should().Be(PeerTrust.Changed);
        peers.Check("alice", first.PublicKey).Should().Be(PeerTrust.Trusted);

        peers.Trust("alice", second.PublicKey);
        peers.Check("alice", second.PublicKey).Should().Be(PeerTrust.Trusted);
        peers.Check("alice", first.PublicKey).Should().Be(PeerTrust.Changed);
    }

    [Fact]
    public void ConcurrentChecks_AreAllRemembered()
    {
        var peers = Open();
        using var key = IdentityKey.Generate();

        Parallel.For(0, 64, i => peers.Check($"user{i}", key.PublicKey));

        Enumerable.Range(0, 64).Where(i => !peers.TryGetFingerprint($"user{i}", out _)).Should().BeEmpty();
    }
}

public sealed class KnownPeersInMemoryTests : KnownPeersContract
{
    protected override IKnownPeers Open() => new KnownPeersInMemory();
}

public sealed class KnownPeersFileTests : KnownPeersContract, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pychat-known-peers-").FullName;

    private string FilePath => Path.Combine(_folder, "relay-0123.json");

    protected override IKnownPeers Open() => new KnownPeersFile(FilePath);

    [Fact]
    public void RememberedKeys_SurviveReopening()
    {
        using var key = IdentityKey.Generate();
        using var other = IdentityKey.Generate();
        new KnownPeersFile(FilePath).Check("alice", key.PublicKey);

        var reopened = new KnownPeersFile(FilePath);

        reopened.Check("alice", key.PublicKey).Should().Be(PeerTrust.Trusted);
        reopened.Check("alice", other.PublicKey).Should().Be(PeerTrust.Changed);
        new KnownPeersFile(FilePath).Check("alice", key.PublicKey).Should().Be(PeerTrust.Trusted);
    }

    [Fact]
    public void File_IsJsonOfNamesToFingerprints_WithNoTemporaryFilesLeft()
    {
        using var key = IdentityKey.Generate();
        var peers = new KnownPeersFile(FilePath);
        peers.Check("bob", key.PublicKey);
        peers.Check("alice", key.PublicKey);

        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(FilePath));
        json.RootElement.GetProperty("version").GetInt32().Should().Be(1);
        json.RootElement.GetProperty("peers").EnumerateObject().Select(p => (p.Name, p.Value.GetString()))
            .Should().Equal(("alice", key.PublicKey.FingerprintHex), ("bob", key.PublicKey.FingerprintHex));
        Directory.GetFiles(_folder).Should().ContainSingle();
    }

    [Fact]
    public void CorruptFile_IsRefused_NotSilentlyReplaced()
    {
        File.WriteAllText(FilePath, "{ not json");

        var open = () => new KnownPeersFile(FilePath);

        open.Should().Throw<InvalidDataException>();
        File.ReadAllText(FilePath).Should().Be("{ not json");
    }

    [Fact]
    public void MissingFolder_IsCreatedOnFirstWrite()
    {
        using var key = IdentityKey.Generate();
        var path = Path.Combine(_folder, "nested", "relay.json");

        new KnownPeersFile(path).Check("alice", key.PublicKey);

        File.Exists(path).Should().BeTrue();
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
