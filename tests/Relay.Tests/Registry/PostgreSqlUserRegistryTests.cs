using FluentAssertions;
using Microsoft.Extensions.Logging.Abstractions;
using PyChat.Relay.Registry;
using PyChat.TestSupport.Network;
using PyChat.TestSupport.Servers;

namespace PyChat.Relay.Tests.Registry;

/// <summary>
/// The registry contract on a real PostgreSQL server (a private one on a free port), plus what only a shared database
/// has: nodes creating the schema at once, a server that is down at startup or goes away and comes back.
/// </summary>
public sealed class PostgreSqlUserRegistryTests(PostgreSqlFixture postgres) : UserRegistryContract, IClassFixture<PostgreSqlFixture>
{
    private string _connectionString = string.Empty;

    public override async Task InitializeAsync() => _connectionString = await postgres.Server.CreateDatabaseAsync();

    [Fact]
    public async Task Nodes_StartingTogether_OnAnEmptyDatabase_CreateTheSchemaOnce()
    {
        var registries = Enumerable.Range(0, 6).Select(_ => Create()).ToList();

        await Task.WhenAll(registries.Select(r => r.InitializeAsync()));

        (await postgres.Server.QueryAsync(Database, "SELECT string_agg(version::text, ',') FROM pychat_registry_schema")).Should().Be("1");
        (await registries[0].RegisterAsync("alice", new byte[] { 1, 2, 3 })).Should().Be(RegisterResult.Registered);
        (await registries[5].FindIdentityKeyAsync("alice")).Should().Equal(1, 2, 3);
        foreach (var registry in registries)
        {
            await registry.DisposeAsync();
        }
    }

    [Fact]
    public async Task ASchema_ANewerRelayMigrated_IsUsedAsItIs()
    {
        var registry = await OpenAsync();
        await registry.RegisterAsync("alice", new byte[] { 7 });
        await postgres.Server.QueryAsync(Database, "INSERT INTO pychat_registry_schema (version) VALUES (2)");

        var older = await OpenAsync();

        (await older.FindIdentityKeyAsync("alice")).Should().Equal(7);
    }

    [Fact]
    public async Task AServerThatIsNotThere_AtStartup_IsAOneLineStartupError_WithoutThePassword()
    {
        var port = FreeTcpPort.Pick();
        await using var registry = new PostgreSqlUserRegistry(
            $"Host=127.0.0.1;Port={port};Username=pychat;Password=hunter2-secret;Database=pychat;Timeout=5", TimeProvider.System, NullLogger<PostgreSqlUserRegistry>.Instance);

        var failure = await registry.Invoking(r => r.InitializeAsync()).Should().ThrowAsync<RelayStartupException>();

        failure.Which.Message.Should().StartWith($"cannot open the user registry in PostgreSQL (Host=127.0.0.1, Port={port}, Database=pychat, Username=pychat): ")
            .And.NotContain("hunter2");
    }

    [Fact]
    public void AMalformedConnectionString_IsAStartupError_ThatDoesNotQuoteIt()
    {
        var create = () => new PostgreSqlUserRegistry("Host=db;Password=hunter2-secret;Colour=blue", TimeProvider.System, NullLogger<PostgreSqlUserRegistry>.Instance);

        create.Should().Throw<RelayStartupException>().Which.Message.Should().Contain("Relay:Registry:PostgreSql").And.NotContain("hunter2");
    }

    [Fact]
    public async Task AServerThatGoesAway_FailsTheProbe_AndTheRegistryRecovers_WhenItIsBack()
    {
        var registry = await OpenAsync();
        await registry.RegisterAsync("alice", new byte[] { 1 });

        await postgres.Server.StopAsync();
        try
        {
            await registry.Invoking(r => r.ProbeAsync(CancellationToken.None).AsTask()).Should().ThrowAsync<Npgsql.NpgsqlException>();
        }
        finally
        {
            await postgres.Server.StartAgainAsync();
        }

        await registry.ProbeAsync(CancellationToken.None);
        (await registry.FindIdentityKeyAsync("alice")).Should().Equal(1);
        (await registry.RegisterAsync("bob", new byte[] { 2 })).Should().Be(RegisterResult.Registered);
    }

    private protected override IUserAdministration Create() => new PostgreSqlUserRegistry(_connectionString, Time, NullLogger<PostgreSqlUserRegistry>.Instance);

    private string Database => new Npgsql.NpgsqlConnectionStringBuilder(_connectionString).Database!;
}
