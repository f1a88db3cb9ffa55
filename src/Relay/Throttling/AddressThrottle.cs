using System.Collections.Concurrent;
using System.Net;

namespace PyChat.Relay.Throttling;

/// <summary>
/// Counts events per remote address in a token bucket each (<c>allowance</c> per <c>window</c>). Once an
/// address has used its allowance, <see cref="IsAllowed"/> is false until the bucket refills. Addresses
/// whose allowance has refilled are forgotten, so the table cannot grow without bound.
/// </summary>
internal abstract class AddressThrottle(TimeProvider time, int allowance, TimeSpan window)
{
    private const int SweepThreshold = 4096;
    private readonly ConcurrentDictionary<IPAddress, TokenBucket> _buckets = new();
    private readonly double _perSecond = allowance / window.TotalSeconds;

    public bool IsAllowed(IPAddress? address)
    {
        if (address is null || !_buckets.TryGetValue(address, out var bucket))
        {
            return true;
        }

        lock (bucket)
        {
            return bucket.HasToken;
        }
    }

    /// <summary>Uses one of <paramref name="address"/>'s allowance.</summary>
    public void Record(IPAddress? address)
    {
        if (address is null)
        {
            return;
        }

        if (_buckets.Count > SweepThreshold)
        {
            Sweep();
        }

        var bucket = _buckets.GetOrAdd(address, _ => new TokenBucket(time, allowance, _perSecond));
        lock (bucket)
        {
            bucket.TryTake();
        }
    }

    private void Sweep()
    {
        foreach (var (address, bucket) in _buckets)
        {
            lock (bucket)
            {
                if (bucket.IsFull)
                {
                    _buckets.TryRemove(KeyValuePair.Create(address, bucket));
                }
            }
        }
    }
}
