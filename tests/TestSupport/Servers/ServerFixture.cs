using Xunit;

namespace PyChat.TestSupport.Servers;

/// <summary>One private server for a test class (<c>IClassFixture</c>), started before its first test and stopped after its last.</summary>
public abstract class ServerFixture<T>(Func<Task<T>> start) : IAsyncLifetime
    where T : class, IAsyncDisposable
{
    private T? _server;

    public T Server => _server ?? throw new InvalidOperationException("the fixture is not initialized");

    public async Task InitializeAsync() => _server = await start();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>A private PostgreSQL server for a test class; each test makes its own database.</summary>
public sealed class PostgreSqlFixture() : ServerFixture<PostgreSqlProcess>(PostgreSqlProcess.StartAsync);

/// <summary>A private Redis server for a test class; tests that share it flush it first.</summary>
public sealed class RedisFixture() : ServerFixture<RedisProcess>(RedisProcess.StartAsync);
