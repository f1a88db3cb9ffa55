using System.Security.Cryptography;
using FluentAssertions;
using Microsoft.Extensions.Time.Testing;
using PyChat.Relay.Registry;

namespace PyChat.Relay.Tests.Registry;

/// <summary>
/// What every user registry does, SQLite or PostgreSQL: the relay and the admin commands rely on nothing else. Each
/// derived class opens registries on one store of its own; a second <see cref="OpenAsync"/> is another process (a
/// restart, another node) on the same store.
/// </summary>
public abstract class UserRegistryContract : IAsyncLifetime
{
    private readonly List<IUserAdministration> _opened = [];

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 4, 21, 0, 0, TimeSpan.Zero));

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var registry in _opened)
        {
            await registry.DisposeAsync();
        }
    }

    [Fact]
    public async Task Register_ThenFind_GivesTheKeyBack_AndAnUnknownNameHasNone()
    {
        var registry = await OpenAsync();
        var key = NewKey();

        (await registry.RegisterAsync("alice", key)).Should().Be(RegisterResult.Registered);

        (await registry.FindIdentityKeyAsync("alice")).Should().Equal(key);
        (await registry.FindIdentityKeyAsync("bob")).Should().BeNull();
    }

    [Fact]
    public async Task Register_OfATakenName_IsRefused_AndKeepsTheFirstKey()
    {
        var registry = await OpenAsync();
        var first = NewKey();
        await registry.RegisterAsync("alice", first);

        (await registry.RegisterAsync("alice", NewKey())).Should().Be(RegisterResult.NameTaken);

        (await registry.FindIdentityKeyAsync("alice")).Should().Equal(first);
    }

    [Fact]
    public async Task Names_AreComparedAsGiven()
    {
        var registry = await OpenAsync();
        var lower = NewKey();
        var upper = NewKey();

        (await registry.RegisterAsync("alice", lower)).Should().Be(RegisterResult.Registered);
        (await registry.RegisterAsync("Alice", upper)).Should().Be(RegisterResult.Registered);

        (await registry.FindIdentityKeyAsync("Alice")).Should().Equal(upper);
        (await registry.FindIdentityKeyAsync("ALICE")).Should().BeNull();
    }

    [Fact]
    public async Task List_GivesEveryUserByCodePoint_WithTheTimeItRegistered()
    {
        var registry = await OpenAsync();
        var keys = new Dictionary<string, byte[]>();
        foreach (var name in new[] { "bob", "Zoe", "alice", "émile" })
        {
            keys[name] = NewKey();
            await registry.RegisterAsync(name, keys[name]);
            Time.Advance(TimeSpan.FromSeconds(1));
        }

        var users = await registry.ListAsync();

        users.Select(u => u.Name).Should().Equal("Zoe", "alice", "bob", "émile");
        users.Should().OnlyContain(u => u.IdentityKey.SequenceEqual(keys[u.Name]));
        users.Single(u => u.Name == "bob").RegisteredAt.Should().Be(new DateTimeOffset(2026, 12, 4, 21, 0, 0, TimeSpan.Zero));
        users.Single(u => u.Name == "émile").RegisteredAt.Should().Be(new DateTimeOffset(2026, 12, 4, 21, 0, 3, TimeSpan.Zero));
    }

    [Fact]
    public async Task Remove_FreesTheName_AndSaysWhetherThereWasOne()
    {
        var registry = await OpenAsync();
        await registry.RegisterAsync("alice", NewKey());
        await registry.RegisterAsync("bob", NewKey());
        var replacement = NewKey();

        (await registry.RemoveAsync("alice")).Should().BeTrue();
        (await registry.RemoveAsync("alice")).Should().BeFalse();
        (await registry.RemoveAsync("carol")).Should().BeFalse();

        (await registry.FindIdentityKeyAsync("alice")).Should().BeNull();
        (await registry.RegisterAsync("alice", replacement)).Should().Be(RegisterResult.Registered);
        (await registry.FindIdentityKeyAsync("alice")).Should().Equal(replacement);
        (await registry.ListAsync()).Select(u => u.Name).Should().Equal("alice", "bob");
    }

    [Fact]
    public async Task Registrations_OfOneName_RacingFromTwoRegistries_LetExactlyOneWin()
    {
        var one = await OpenAsync();
        var other = await OpenAsync();
        var keys = Enumerable.Range(0, 16).Select(_ => NewKey()).ToArray();

        var results = await Task.WhenAll(keys.Select((key, i) => (i % 2 == 0 ? one : other).RegisterAsync("alice", key).AsTask()));

        results.Count(r => r == RegisterResult.Registered).Should().Be(1);
        results.Count(r => r == RegisterResult.NameTaken).Should().Be(keys.Length - 1);
        var winner = keys[Array.IndexOf(results, RegisterResult.Registered)];
        (await one.FindIdentityKeyAsync("alice")).Should().Equal(winner);
        (await other.FindIdentityKeyAsync("alice")).Should().Equal(winner);
    }

    [Fact]
    public async Task Users_OutliveTheRegistry_ThatRegisteredThem()
    {
        var key = NewKey();
        var first = await OpenAsync();
        await first.RegisterAsync("alice", key);
        await first.DisposeAsync();

        var reopened = await OpenAsync();

        (await reopened.FindIdentityKeyAsync("alice")).Should().Equal(key);
        (await reopened.RegisterAsync("alice", NewKey())).Should().Be(RegisterResult.NameTaken);
    }

    [Fact]
    public async Task Probe_Succeeds_OnAnOpenedRegistry()
    {
        var registry = await OpenAsync();

        await registry.Invoking(r => r.ProbeAsync(CancellationToken.None).AsTask()).Should().NotThrowAsync();
    }

    /// <summary>A registry on this test's store, initialized as the relay does at startup.</summary>
    private protected async Task<IUserAdministration> OpenAsync()
    {
        var registry = Create();
        _opened.Add(registry);
        await registry.InitializeAsync();
        return registry;
    }

    /// <summary>A new registry instance on the test's store, not yet initialized.</summary>
    private protected abstract IUserAdministration Create();

    /// <summary>An identity key as the relay stores it: a P-256 SubjectPublicKeyInfo.</summary>
    private static byte[] NewKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportSubjectPublicKeyInfo();
    }
}
