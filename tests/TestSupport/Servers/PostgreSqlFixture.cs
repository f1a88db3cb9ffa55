using Xunit;

namespace PyChat.TestSupport.Servers;

/// <summary>One private PostgreSQL server for a test class (<c>IClassFixture</c>); each test makes its own database.</summary>
public sealed class PostgreSqlFixture : IAsyncLifetime
{
    private PostgreSqlProcess? _server;

    public PostgreSqlProcess Server => _server ?? throw new InvalidOperationException("the fixture is not initialized");

    public async Task InitializeAsync() => _server = await PostgreSqlProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
