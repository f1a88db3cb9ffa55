using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PyChat.Relay.Observability;

/// <summary>
/// A readiness check that runs one store's probe (<c>ProbeAsync</c> of the registry or the room log). Its failure is
/// described in a few words that can be shown to whoever asks <c>/readyz</c>: SQLite's own message (it names no file),
/// otherwise the kind of exception, never a path.
/// </summary>
internal sealed class ProbeHealthCheck(Func<CancellationToken, ValueTask> probe) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await probe(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, Describe(e));
        }
    }

    private static string Describe(Exception e) => e switch
    {
        SqliteException sqlite => sqlite.Message,
        InvalidOperationException closed => closed.Message, // the probes' own "not open"
        _ => e.GetType().Name,
    };
}
