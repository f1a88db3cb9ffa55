using System.Collections.Concurrent;

namespace PyChat.Relay.Throttling;

/// <summary>
/// Counts events per key in a token bucket each (<c>allowance</c> per <c>window</c>). Once a key has used
/// its allowance, <see cref="IsAllowed"/> is false until the bucket refills. Keys whose allowance has
/// refilled are forgotten, so the table cannot grow without bound.
/// </summary>
internal sealed class KeyedThrottle<TKey>(TimeProvider time, int allowance, TimeSpan window)
    where TKey : notnull
{
    private const int SweepThreshold = 4096;
    private readonly ConcurrentDictionary<TKey, TokenBucket> _buckets = new();
    private readonly double _perSecond = allowance / window.TotalSeconds;

    public bool IsAllowed(TKey key)
    {
        if (!_buckets.TryGetValue(key, out var bucket))
        {
            return true;
        }

        lock (bucket)
        {
            return bucket.HasToken;
        }
    }

    /// <summary>Uses one of <paramref name="key"/>'s allowance.</summary>
    public void Record(TKey key)
    {
        if (_buckets.Count > SweepThreshold)
        {
            Sweep();
        }

        var bucket = _buckets.GetOrAdd(key, _ => new TokenBucket(time, allowance, _perSecond));
        lock (bucket)
        {
            bucket.TryTake();
        }
    }

    private void Sweep()
    {
        foreach (var (key, bucket) in _buckets)
        {
            lock (bucket)
            {
                if (bucket.IsFull)
                {
                    _buckets.TryRemove(KeyValuePair.Create(key, bucket));
                }
            }
        }
    }
}
