namespace PyChat.Relay.Throttling;

/// <summary>
/// A token bucket on an injected clock: holds up to <c>capacity</c> tokens, refills continuously at
/// <c>tokensPerSecond</c>. Not thread-safe; callers that share one lock it.
/// </summary>
internal sealed class TokenBucket
{
    private readonly TimeProvider _time;
    private readonly double _capacity;
    private readonly double _tokensPerSecond;
    private double _tokens;
    private long _lastRefill;

    public TokenBucket(TimeProvider time, double capacity, double tokensPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentOutOfRangeException.ThrowIfNegative(tokensPerSecond);
        _time = time;
        _capacity = capacity;
        _tokensPerSecond = tokensPerSecond;
        _tokens = capacity;
        _lastRefill = time.GetTimestamp();
    }

    /// <summary>Whether the bucket is full again, i.e. it remembers nothing.</summary>
    public bool IsFull
    {
        get
        {
            Refill();
            return _tokens >= _capacity;
        }
    }

    /// <summary>Whether at least one whole token is there, without taking it.</summary>
    public bool HasToken
    {
        get
        {
            Refill();
            return _tokens >= 1;
        }
    }

    /// <summary>Takes one token if there is one.</summary>
    public bool TryTake()
    {
        Refill();
        if (_tokens < 1)
        {
            return false;
        }

        _tokens -= 1;
        return true;
    }

    private void Refill()
    {
        var now = _time.GetTimestamp();
        var elapsed = _time.GetElapsedTime(_lastRefill, now);
        _lastRefill = now;
        _tokens = Math.Min(_capacity, _tokens + (elapsed.TotalSeconds * _tokensPerSecond));
    }
}
