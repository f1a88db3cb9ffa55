using FluentAssertions;
using PyChat.Integration.Tests.Support;
using PyChat.Protocol.Frames;
using PyChat.TestSupport;
using PyChat.TestSupport.Relays;
using PyChat.TestSupport.Servers;

namespace PyChat.Integration.Tests.Cluster;

/// <summary>A relay process with its rooms in a real Redis that is stopped under it: not ready meanwhile, ready and working again by itself.</summary>
public sealed class RedisRoomsHealthTests : IAsyncLifetime
{
    private readonly TempDirectory _folder = new();
    private RedisProcess _redis = null!;
    private RelayProcess _relay = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisProcess.StartAsync();
        _relay = await RelayProcess.StartAsync(_folder, 4096, "--Relay:Cluster:Redis", _redis.Configuration + ",password=hunter2-secret-ignored");
    }

    public async Task DisposeAsync()
    {
        await _relay.DisposeAsync();
        await _redis.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task RedisStopped_MakesTheRelayNotReady_AndItRecoversByItself_WhenRedisIsBack()
    {
        using var http = new RelayHttp(_relay.CaCertificatePath);
        using var alice = new TestIdentity("alice");
        await using var client = await RelayTestClient.ConnectAsync(_relay.WebSocketUri, _relay.CaCertificatePath);
        (await client.RegisterAsync(alice)).Should().BeOfType<OkFrame>();
        await client.CreateRoomAsync("lobby");
        (await ReadyAsync(http)).Should().Be((200, "Healthy\n"));

        await _redis.StopAsync();
        var (status, body) = await ReadyAsync(http);
        await _redis.StartAgainAsync();

        status.Should().Be(503);
        body.Should().Contain("room log").And.NotContain("hunter2");
        var ready = await ReadyAsync(http);
        for (var attempt = 0; ready.Status != 200 && attempt < 60; attempt++)
        {
            // The relay reconnects to Redis by itself, on its own schedule.
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            ready = await ReadyAsync(http);
        }

        ready.Should().Be((200, "Healthy\n"));
        await client.PublishAsync("lobby", [1]);
        (await client.ReceiveAsync<PublishedFrame>()).Offset.Should().Be(2, "the room and its offsets were in Redis all along");
        _relay.Output.Should().NotContain("hunter2");
    }

    private Task<(int Status, string Body)> ReadyAsync(RelayHttp http) => http.GetAsync(RelayHttp.At(_relay.WebSocketUri, "/readyz"));
}
