using FluentAssertions;
using PyChat.Integration.Tests.Support;
using PyChat.TestSupport;
using PyChat.TestSupport.Relays;

namespace PyChat.Integration.Tests.Observability;

/// <summary>
/// <c>/healthz</c> and <c>/readyz</c> of a relay process whose data folder the test can take away: the files deleted under
/// a running relay, as a lost volume or a mistaken clean-up would.
/// </summary>
public sealed class HealthTests : IAsyncLifetime
{
    private readonly TempDirectory _folder = new();
    private RelayProcess _relay = null!;
    private RelayHttp _http = null!;

    public async Task InitializeAsync()
    {
        _relay = await RelayProcess.StartAsync(_folder, 4096);
        _http = new RelayHttp(_relay.CaCertificatePath);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _relay.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task ARunningRelay_IsAliveAndReady()
    {
        (await GetAsync("/healthz")).Should().Be((200, "Healthy\n"));
        (await GetAsync("/readyz")).Should().Be((200, "Healthy\n"));
    }

    [Fact]
    public async Task RoomLogDeleted_ReadyzIs503NamingIt_WhileAliveStays200()
    {
        Delete("rooms.db");

        var (status, body) = await GetAsync("/readyz");

        status.Should().Be(503);
        body.Should().StartWith("Unhealthy\n").And.Contain("room log: SQLite Error 14").And.NotContain("user registry");
        body.Should().NotContain(_folder.Path, "the answer names the store, not where it is");
        (await GetAsync("/healthz")).Status.Should().Be(200, "the process is alive: restarting it would not bring the file back");
    }

    [Fact]
    public async Task UserRegistryDeleted_ReadyzIs503NamingIt()
    {
        Delete("relay.db");

        var (status, body) = await GetAsync("/readyz");

        status.Should().Be(503);
        body.Should().Contain("user registry: SQLite Error 14").And.NotContain("room log");
    }

    private Task<(int Status, string Body)> GetAsync(string path) => _http.GetAsync(RelayHttp.At(_relay.WebSocketUri, path));

    /// <summary>The database and its WAL files, gone while the relay holds them open.</summary>
    private void Delete(string database)
    {
        foreach (var file in Directory.EnumerateFiles(_folder.Combine("data"), database + "*"))
        {
            File.Delete(file);
        }
    }
}
