using FluentAssertions;
using PyChat.Integration.Tests.Support;
using PyChat.Protocol;
using PyChat.Protocol.Frames;
using PyChat.Relay.Commands;
using PyChat.TestSupport;
using PyChat.TestSupport.Relays;
using PyChat.TestSupport.Servers;

namespace PyChat.Integration.Tests.Cluster;

/// <summary>
/// Two relay processes with their users in one PostgreSQL database (<c>Relay:Registry:PostgreSql</c>), as two nodes
/// of a cluster: a name registered through one logs in through the other, the admin commands work on the database,
/// and a database that goes away makes the nodes not-ready until it is back.
/// </summary>
public sealed class SharedRegistryTests(PostgreSqlFixture postgres) : IClassFixture<PostgreSqlFixture>, IAsyncLifetime
{
    private readonly TempDirectory _oneFolder = new();
    private readonly TempDirectory _otherFolder = new();
    private string _database = string.Empty;
    private RelayProcess _one = null!;
    private RelayProcess _other = null!;

    public async Task InitializeAsync()
    {
        _database = await postgres.Server.CreateDatabaseAsync();
        _one = await RelayProcess.StartAsync(_oneFolder, 4096, "--Relay:Registry:PostgreSql", _database);
        _other = await RelayProcess.StartAsync(_otherFolder, 4096, "--Relay:Registry:PostgreSql", _database);
    }

    public async Task DisposeAsync()
    {
        await _one.DisposeAsync();
        await _other.DisposeAsync();
        _oneFolder.Dispose();
        _otherFolder.Dispose();
    }

    [Fact]
    public async Task AUser_RegisteredThroughOneNode_LogsInThroughTheOther_AndTheNameIsTakenOnBoth()
    {
        using var alice = new TestIdentity("alice");
        using var impostor = new TestIdentity("alice");
        await using (var first = await ConnectAsync(_one))
        {
            (await first.RegisterAsync(alice)).Should().BeOfType<OkFrame>();
        }

        await using var second = await ConnectAsync(_other);
        (await second.LoginAsync(alice)).Should().BeOfType<OkFrame>();
        await using var third = await ConnectAsync(_other);
        (await third.RegisterAsync(impostor)).Should().BeOfType<ErrorFrame>().Which.Code.Should().Be(ErrorCode.NameTaken);
        Directory.EnumerateFiles(_oneFolder.Combine("data"), "relay.db*").Should().BeEmpty("users are in PostgreSQL, not in a file beside the node");
    }

    [Fact]
    public async Task UsersListAndRemove_WorkOnTheDatabase_AndEveryNodeSeesTheRemoval()
    {
        using var bob = new TestIdentity("bob");
        await using (var client = await ConnectAsync(_other))
        {
            (await client.RegisterAsync(bob)).Should().BeOfType<OkFrame>();
        }

        var listed = await AdminAsync("users", "list");
        listed.Output.Should().MatchRegex(@"(?m)^bob\s+" + IdentityFingerprint.Of(bob.PublicKey));
        var removed = await AdminAsync("users", "remove", "bob");
        removed.ExitCode.Should().Be(ExitCodes.Ok, removed.Error);

        foreach (var node in new[] { _one, _other })
        {
            await using var client = await ConnectAsync(node);
            (await client.LoginAsync(bob)).Should().BeOfType<ErrorFrame>().Which.Code.Should().Be(ErrorCode.AuthenticationFailed);
        }
    }

    [Fact]
    public async Task TheDatabase_GoingAway_MakesTheNodesNotReady_AndTheyRecoverWhenItIsBack()
    {
        using var http = new RelayHttp(_one.CaCertificatePath);
        using var carol = new TestIdentity("carol");
        await using (var client = await ConnectAsync(_one))
        {
            (await client.RegisterAsync(carol)).Should().BeOfType<OkFrame>();
        }

        await postgres.Server.StopAsync();
        try
        {
            var (status, body) = await http.GetAsync(RelayHttp.At(_one.WebSocketUri, "/readyz"));
            status.Should().Be(503);
            body.Should().Contain("user registry").And.NotContain("Password");
            await using var refused = await ConnectAsync(_one);
            (await refused.LoginAsync(carol)).Should().BeOfType<ErrorFrame>().Which.Code.Should().Be(ErrorCode.InternalError);
        }
        finally
        {
            await postgres.Server.StartAgainAsync();
        }

        (await http.GetAsync(RelayHttp.At(_one.WebSocketUri, "/readyz"))).Should().Be((200, "Healthy\n"));
        await using var back = await ConnectAsync(_one);
        (await back.LoginAsync(carol)).Should().BeOfType<OkFrame>("the relay went on and uses the database again by itself");
        _one.HasExited.Should().BeFalse();
    }

    private static Task<RelayTestClient> ConnectAsync(RelayProcess node) => RelayTestClient.ConnectAsync(node.WebSocketUri, node.CaCertificatePath);

    private async Task<(int ExitCode, string Output, string Error)> AdminAsync(params string[] verb)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await RelayCommandLine.InvokeAsync([.. verb, "--Relay:Registry:PostgreSql", _database], output, error);
        return (exitCode, output.ToString(), error.ToString());
    }
}
