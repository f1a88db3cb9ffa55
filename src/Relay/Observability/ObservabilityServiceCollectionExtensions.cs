using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using PyChat.Relay.Registry;
using PyChat.Relay.Rooms;

namespace PyChat.Relay.Observability;

internal static class ObservabilityServiceCollectionExtensions
{
    /// <summary>Tag of the checks <c>/readyz</c> runs; <c>/healthz</c> runs none.</summary>
    public const string ReadyTag = "ready";

    /// <summary>A store that has not answered by then is as good as unreachable (a hung disk must not hang the probe).</summary>
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The relay's metrics (<see cref="RelayMetrics"/>, with Kestrel's and ASP.NET Core's) for Prometheus, and the readiness checks.</summary>
    public static IServiceCollection AddRelayObservability(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .Add(new HealthCheckRegistration(
                "user registry", provider => new ProbeHealthCheck(provider.GetRequiredService<IUserRegistry>().ProbeAsync), HealthStatus.Unhealthy, [ReadyTag], ProbeTimeout))
            .Add(new HealthCheckRegistration(
                "room log", provider => new ProbeHealthCheck(provider.GetRequiredService<IRoomLog>().ProbeAsync), HealthStatus.Unhealthy, [ReadyTag], ProbeTimeout));
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("pychat-relay"))
            .WithMetrics(metrics => metrics
                .AddMeter(RelayMetrics.MeterName, "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Hosting")
                .AddPrometheusExporter());
        return services;
    }
}
