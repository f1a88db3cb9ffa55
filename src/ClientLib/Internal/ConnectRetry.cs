using System.Net.Http;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Authentication;
using Polly;
using Polly.Retry;

namespace PyChat.Client.Internal;

/// <summary>
/// The connect retry: transient socket errors only (refused, reset, unreachable: a relay restarting).
/// A TLS or certificate failure is never retried — trying again cannot make an untrusted relay trusted.
/// </summary>
internal static class ConnectRetry
{
    public static ResiliencePipeline Create(PyChatClientOptions options)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = options.TimeProvider };
        if (options.ConnectRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && IsTransient(e)),
                MaxRetryAttempts = options.ConnectRetryAttempts,
                Delay = options.ConnectRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            });
        }

        return builder.Build();
    }

    internal static bool IsTransient(Exception error)
    {
        if (error is PyChatException || Find<AuthenticationException>(error) is not null)
        {
            return false;
        }

        return Find<SocketException>(error) is not null
            || Find<HttpRequestException>(error) is { HttpRequestError: HttpRequestError.ConnectionError }
            || Find<WebSocketException>(error) is { WebSocketErrorCode: WebSocketError.ConnectionClosedPrematurely };
    }

    internal static T? Find<T>(Exception? error)
        where T : Exception
    {
        for (; error is not null; error = error.InnerException)
        {
            if (error is T found)
            {
                return found;
            }
        }

        return null;
    }
}
