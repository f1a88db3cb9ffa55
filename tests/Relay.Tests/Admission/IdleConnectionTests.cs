using System.Security.Cryptography.X509Certificates;
using FluentAssertions;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace PyChat.Relay.Tests.Admission;

public sealed class IdleConnectionTests
{
    [Fact]
    public async Task TlsConnectionThatNeverSendsARequest_IsClosedByTheRelay()
    {
        await using var relay = await TestRelay.StartAsync();
        using var authority = X509CertificateLoader.LoadCertificateFromFile(relay.Host.CaCertificatePath);
        await using var idle = await TlsFlood.TryConnectAsync(relay.Host.WebSocketUri.Port, authority);
        idle.Should().NotBeNull();

        // Kestrel's default keeps such a connection 130 s; the relay's is 10 s. The guard only bounds a hang.
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var read = await idle!.ReadAsync(new byte[16], patience.Token);

        read.Should().Be(0);
    }

    [Fact]
    public async Task ConnectionLimitsAndTimeouts_FromConfiguration_ReachKestrel()
    {
        await using var relay = await TestRelay.StartAsync(
            null,
            "--Relay:MaxConcurrentConnections", "300",
            "--Relay:MaxConcurrentUpgradedConnections", "700",
            "--Relay:RequestHeadersTimeout", "00:00:07",
            "--Relay:HttpKeepAliveTimeout", "00:00:08");

        var limits = relay.Host.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;

        limits.MaxConcurrentConnections.Should().Be(300);
        limits.MaxConcurrentUpgradedConnections.Should().Be(700);
        limits.RequestHeadersTimeout.Should().Be(TimeSpan.FromSeconds(7));
        limits.KeepAliveTimeout.Should().Be(TimeSpan.FromSeconds(8));
    }
}
