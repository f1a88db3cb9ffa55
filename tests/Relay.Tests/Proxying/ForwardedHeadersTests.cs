using FluentAssertions;
using Microsoft.Extensions.Time.Testing;
using PyChat.Protocol;
using PyChat.Protocol.Frames;

namespace PyChat.Relay.Tests.Proxying;

/// <summary>
/// A real relay on loopback with <c>Relay:Proxy:ForwardedHeaders</c>; the test plays a TLS-terminating proxy on loopback
/// by sending X-Forwarded-For itself.
/// </summary>
public sealed class ForwardedHeadersTests
{
    private static readonly string[] LoopbackIsTheProxy = ["--Relay:Proxy:ForwardedHeaders", "true", "--Relay:Proxy:KnownNetworks:0", "127.0.0.0/8"];

    [Fact]
    public async Task XForwardedFor_FromAKnownProxy_IsTheClientTheFailedLoginLimitCounts()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var relay = await TestRelay.StartAsync(time, [.. LoopbackIsTheProxy, "--Relay:FailedLoginsPerAddress", "4"]);
        var alice = relay.Identity("alice");
        (await (await relay.ConnectAsync()).RegisterAsync(alice)).Should().BeOfType<OkFrame>();

        await FailLoginsAsync(relay, relay.Identity("alice"), 4);

        await using var limited = await ProxiedClient.ForwardedForAsync(relay, ProxiedClient.Guesser.Address);
        (await limited.LoginAsync(alice)).Should().BeOfType<ErrorFrame>().Which.Code.Should().Be(ErrorCode.RateLimited);
        await using var neighbour = await ProxiedClient.ForwardedForAsync(relay, ProxiedClient.Neighbour.Address);
        (await neighbour.LoginAsync(alice)).Should().BeOfType<OkFrame>("203.0.113.8 is another client of the same proxy");
    }

    [Fact]
    public async Task XForwardedFor_CountsOnlyTheRightMostAddress_TheOneTheProxySaw()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var relay = await TestRelay.StartAsync(time, [.. LoopbackIsTheProxy, "--Relay:FailedLoginsPerAddress", "4"]);
        var alice = relay.Identity("alice");
        (await (await relay.ConnectAsync()).RegisterAsync(alice)).Should().BeOfType<OkFrame>();

        await FailLoginsAsync(relay, relay.Identity("alice"), 4);

        // The guesser writes its own X-Forwarded-For, naming the neighbour; the proxy appends the address it saw.
        await using var disguised = await ProxiedClient.ForwardedForAsync(relay, $"{ProxiedClient.Neighbour.Address}, {ProxiedClient.Guesser.Address}");
        (await disguised.LoginAsync(alice)).Should().BeOfType<ErrorFrame>().Which.Code.Should().Be(ErrorCode.RateLimited);
        await using var neighbour = await ProxiedClient.ForwardedForAsync(relay, ProxiedClient.Neighbour.Address);
        (await neighbour.LoginAsync(alice)).Should().BeOfType<OkFrame>();
    }

    [Theory]
    [InlineData("192.0.2.10")] // another proxy
    [InlineData(null)] // none: the middleware's own default would have trusted loopback
    public async Task XForwardedFor_FromAPeerThatIsNotAKnownProxy_IsIgnored(string? knownProxy)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        string[] proxies = knownProxy is null ? [] : ["--Relay:Proxy:KnownProxies:0", knownProxy];
        await using var relay = await TestRelay.StartAsync(time, ["--Relay:Proxy:ForwardedHeaders", "true", .. proxies, "--Relay:FailedLoginsPerAddress", "4"]);
        var alice = relay.Identity("alice");
        (await (await relay.ConnectAsync()).RegisterAsync(alice)).Should().BeOfType<OkFrame>();

        await FailLoginsAsync(relay, relay.Identity("alice"), 4);

        await using var claimingAnother = await ProxiedClient.ForwardedForAsync(relay, ProxiedClient.Neighbour.Address);
        (await claimingAnother.LoginAsync(alice)).Should().BeOfType<ErrorFrame>()
            .Which.Code.Should().Be(ErrorCode.RateLimited, "every attempt came from 127.0.0.1, whatever its header claimed");
    }

    [Fact]
    public async Task ConnectionsFromAKnownProxy_AreNotCappedPerAddress()
    {
        await using var relay = await TestRelay.StartAsync(null, [.. LoopbackIsTheProxy, "--Relay:MaxConnectionsPerAddress", "2"]);
        var clients = new List<PyChat.TestSupport.RelayTestClient>();
        try
        {
            for (var i = 1; i <= 4; i++)
            {
                clients.Add(await ProxiedClient.ForwardedForAsync(relay, System.Net.IPAddress.Parse($"203.0.113.{i}")));
            }

            clients.Should().HaveCount(4, "the proxy carries four clients over four connections; X-Forwarded-For comes only after TLS");
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    /// <summary><paramref name="count"/> failed logins as <paramref name="wrongKey"/>, on one connection forwarded for the guesser.</summary>
    private static async Task FailLoginsAsync(TestRelay relay, PyChat.TestSupport.TestIdentity wrongKey, int count)
    {
        await using var guesser = await ProxiedClient.ForwardedForAsync(relay, ProxiedClient.Guesser.Address);
        for (var i = 0; i < count; i++)
        {
            (await guesser.LoginAsync(wrongKey)).Should().BeOfType<ErrorFrame>().Which.Code.Should().Be(ErrorCode.AuthenticationFailed);
            await guesser.ReceiveAsync<HelloFrame>();
        }
    }
}
