using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PyChat.Relay.Observability;

/// <summary>
/// <c>/healthz</c> (the process answers: no check runs), <c>/readyz</c> (the user registry and the room log answer a
/// trivial query; 503 naming the one that does not) and <c>/metrics</c> (Prometheus text). Plain text, no payload,
/// nothing a client sent.
/// </summary>
internal static class ManagementEndpoints
{
    public const string Alive = "/healthz";
    public const string Ready = "/readyz";
    public const string Metrics = "/metrics";

    public static void Map(IApplicationBuilder app)
    {
        app.UseHealthChecks(Alive, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.UseHealthChecks(Ready, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ObservabilityServiceCollectionExtensions.ReadyTag),
            ResponseWriter = WriteAsync,
        });
        app.UseOpenTelemetryPrometheusScrapingEndpoint(Metrics);
    }

    /// <summary>The management listeners' whole pipeline: these three, and 404 for anything else.</summary>
    public static void MapAlone(IApplicationBuilder app)
    {
        // Routing ran before the branch and may have matched the public endpoint (/ws): it does not answer here.
        app.Use((context, next) =>
        {
            context.SetEndpoint(null);
            return next(context);
        });
        Map(app);
    }

    /// <summary>"Healthy", or the status and one line per check that failed: "room log: SQLite Error 14: …".</summary>
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var text = new StringBuilder(report.Status.ToString()).Append('\n');
        foreach (var (name, entry) in report.Entries)
        {
            if (entry.Status != HealthStatus.Healthy)
            {
                text.Append(name).Append(": ").Append(entry.Description ?? entry.Status.ToString()).Append('\n');
            }
        }

        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text.ToString(), context.RequestAborted);
    }
}
