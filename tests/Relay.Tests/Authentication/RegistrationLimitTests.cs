using FluentAssertions;
using Microsoft.Extensions.Time.Testing;
using PyChat.Protocol;
using PyChat.Protocol.Frames;

namespace PyChat.Relay.Tests.Authentication;

public sealed class RegistrationLimitTests
{
    [Fact]
    public async Task Register_PastTheAllowanceOfOneAddress_IsRefusedWithRateLimited_UntilTheWindowRefills()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var relay = await TestRelay.StartAsync(time, "--Relay:RegistrationsPerAddress", "2", "--Relay:RegistrationWindow", "01:00:00");
        await relay.RegisteredAsync("alice");
        await relay.RegisteredAsync("bob");

        var carol = await relay.ConnectAsync();
        (await carol.RegisterAsync(relay.Identity("carol"))).Should().BeOfType<ErrorFrame>().Which.Code.Should().Be(ErrorCode.RateLimited);

        time.Advance(TimeSpan.FromMinutes(30)); // half the window: one registration back
        var later = await relay.ConnectAsync();
        (await later.RegisterAsync(relay.Identity("carol"))).Should().BeOfType<OkFrame>();
    }
}
