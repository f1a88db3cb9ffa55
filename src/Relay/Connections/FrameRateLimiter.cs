using PyChat.Relay.Hosting;
using PyChat.Relay.Throttling;

namespace PyChat.Relay.Connections;

/// <summary>
/// Per-connection frame rate limit: a token bucket (<c>FramesPerSecond</c>, bursts to <c>FrameBurst</c>).
/// Refused frames also drain a second bucket (<c>FloodTolerance</c>, refilling at the same rate); a
/// client that empties it is flooding far over the limit, not merely bursting, and is disconnected.
/// Used by the connection's receive loop only.
/// </summary>
internal sealed class FrameRateLimiter(RelayOptions options, TimeProvider time)
{
    private readonly TokenBucket _frames = new(time, options.FrameBurst, options.FramesPerSecond);
    private readonly TokenBucket _tolerance = new(time, options.FloodTolerance, options.FramesPerSecond);

    public FrameRateDecision Next() =>
        _frames.TryTake() ? FrameRateDecision.Accept
        : _tolerance.TryTake() ? FrameRateDecision.Refuse
        : FrameRateDecision.Disconnect;
}

internal enum FrameRateDecision
{
    Accept,
    /// <summary>Drop the frame and answer RateLimited.</summary>
    Refuse,
    /// <summary>Sustained flooding: close with 1008.</summary>
    Disconnect,
}
