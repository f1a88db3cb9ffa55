using System.Net;
using FluentAssertions;
using PyChat.Relay.Proxying;

namespace PyChat.Relay.Tests.Proxying;

public sealed class KnownProxiesTests
{
    [Fact]
    public void Nothing_IsKnown_ByDefault()
    {
        var proxies = KnownProxies.From(new ProxyOptions());

        proxies.Contains(IPAddress.Loopback).Should().BeFalse();
        proxies.Contains(IPAddress.IPv6Loopback).Should().BeFalse();
    }

    [Fact]
    public void AKnownAddress_OrAnAddressInAKnownNetwork_IsKnown_AlsoSeenThroughADualStackListener()
    {
        var options = new ProxyOptions();
        options.KnownProxies.Add("192.0.2.10");
        options.KnownProxies.Add("2001:db8::10");
        options.KnownNetworks.Add("10.1.0.0/16");
        var proxies = KnownProxies.From(options);

        proxies.Contains(IPAddress.Parse("192.0.2.10")).Should().BeTrue();
        proxies.Contains(IPAddress.Parse("::ffff:192.0.2.10")).Should().BeTrue();
        proxies.Contains(IPAddress.Parse("2001:db8::10")).Should().BeTrue();
        proxies.Contains(IPAddress.Parse("10.1.255.3")).Should().BeTrue();
        proxies.Contains(IPAddress.Parse("::ffff:10.1.0.1")).Should().BeTrue();
        proxies.Contains(IPAddress.Parse("192.0.2.11")).Should().BeFalse();
        proxies.Contains(IPAddress.Parse("10.2.0.1")).Should().BeFalse();
        proxies.Contains(IPAddress.Parse("2001:db8::11")).Should().BeFalse();
        proxies.Contains(null).Should().BeFalse();
    }

    [Theory]
    [InlineData("KnownProxies", "not-an-address")]
    [InlineData("KnownProxies", "10.1")] // .NET would take it as 10.0.0.1
    [InlineData("KnownProxies", "010.0.0.1")] // and this as 8.0.0.1
    [InlineData("KnownProxies", "fe80::1%2")]
    [InlineData("KnownProxies", "10.0.0.0/8")]
    [InlineData("KnownNetworks", "10.0.0.0")]
    [InlineData("KnownNetworks", "10.0.0.1/8")]
    [InlineData("KnownNetworks", "10.0.0.0/33")]
    [InlineData("KnownNetworks", "10.0/16")]
    public async Task Start_WithAValueThatIsNotAnAddressOrNetwork_FailsNamingIt(string key, string value)
    {
        var start = () => TestRelay.StartAsync(null, $"--Relay:Proxy:{key}:0", value);

        (await start.Should().ThrowAsync<RelayStartupException>()).Which.Message.Should().Contain($"Relay:Proxy:{key}").And.Contain($"\"{value}\"");
    }
}
