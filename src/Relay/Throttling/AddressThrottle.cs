using System.Net;

namespace PyChat.Relay.Throttling;

/// <summary>
/// A <see cref="KeyedThrottle{TKey}"/> per remote address (<c>allowance</c> per <c>window</c>). A connection
/// without an address is never limited.
/// </summary>
internal abstract class AddressThrottle(TimeProvider time, int allowance, TimeSpan window)
{
    private readonly KeyedThrottle<IPAddress> _throttle = new(time, allowance, window);

    public bool IsAllowed(IPAddress? address) => address is null || _throttle.IsAllowed(address);

    /// <summary>Uses one of <paramref name="address"/>'s allowance.</summary>
    public void Record(IPAddress? address)
    {
        if (address is not null)
        {
            _throttle.Record(address);
        }
    }
}
