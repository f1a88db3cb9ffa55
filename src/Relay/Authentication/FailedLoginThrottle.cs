using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;
using PyChat.Relay.Hosting;
using PyChat.Relay.Throttling;

namespace PyChat.Relay.Authentication;

/// <summary>
/// Limits failed logins per remote address (a token bucket per address: <c>FailedLoginsPerAddress</c>
/// per <c>FailedLoginWindow</c>). Once an address has used its allowance, its attempts are refused
/// with RateLimited before any signature is checked, which also caps the verification work it can cause.
/// </summary>
internal sealed class FailedLoginThrottle(IOptions<RelayOptions> options, TimeProvider time)
{
    private const int SweepThreshold = 4096;
    private readonly ConcurrentDictionary<IPAddress, TokenBucket> _buckets = new();
    private readonly int _allowance = options.Value.FailedLoginsPerAddress;
    private readonly double _perSecond = options.Value.FailedLoginsPerAddress / options.Value.FailedLoginWindow.TotalSeconds;

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

    public void RecordFailure(IPAddress? address)
    {
        if (address is null)
        {
            return;
        }

        if (_buckets.Count > SweepThreshold)
        {
            Sweep();
        }

        var bucket = _buckets.GetOrAdd(address, _ => new TokenBucket(time, _allowance, _perSecond));
        lock (bucket)
        {
            bucket.TryTake();
        }
    }

    /// <summary>Forgets addresses whose allowance has refilled, so the table cannot grow without bound.</summary>
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
