using System.Security.Authentication;
using Polly;
using Polly.Retry;
using PyChat.Protocol;

namespace PyChat.Client.Internal;

/// <summary>
/// The reconnect policy: retry for as long as the client lives, exponential back-off with jitter, capped; but never
/// what retrying cannot fix (docs/CLIENTLIB.md, "Reconnecting").
/// </summary>
internal static class ReconnectRetry
{
    public static ResiliencePipeline Create(PyChatClientOptions options, Action<int, TimeSpan> onRetry, CancellationToken disposing)
    {
        return new ResiliencePipelineBuilder { TimeProvider = options.TimeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } e && !IsPermanent(e) && !(e is OperationCanceledException && disposing.IsCancellationRequested)),
                MaxRetryAttempts = int.MaxValue,
                Delay = options.ReconnectDelay,
                MaxDelay = options.ReconnectMaxDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    onRetry(args.AttemptNumber + 1, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>
    /// A failure that another attempt cannot fix: the relay is not trusted (certificate, TLS, relay id), refused the
    /// login or the protocol version, or closed with 4002 (a newer login of this user took over: retrying would fight
    /// it) or 4003 (too many failed logins).
    /// </summary>
    public static bool IsPermanent(Exception error) => error switch
    {
        PyChatCertificateException => true,
        PyChatRelayException relay => relay.Code != ErrorCode.RateLimited,
        PyChatConnectionException { Permanent: true } => true,
        PyChatConnectionException { CloseCode: CloseCode.SessionReplaced or CloseCode.TooManyFailedLogins } => true,
        _ => ConnectRetry.Find<AuthenticationException>(error) is not null || ConnectRetry.Find<PyChatCertificateException>(error.InnerException) is not null,
    };
}
