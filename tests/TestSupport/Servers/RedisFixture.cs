using Xunit;

namespace PyChat.TestSupport.Servers;

/// <summary>One private Redis server for a test class (<c>IClassFixture</c>); tests that share it flush it first.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    private RedisProcess? _server;

    public RedisProcess Server => _server ?? throw new InvalidOperationException("the fixture is not initialized");

    public async Task InitializeAsync() => _server = await RedisProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
