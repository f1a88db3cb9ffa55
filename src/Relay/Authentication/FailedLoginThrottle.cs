using System.Net;
using Microsoft.Extensions.Options;
using PyChat.Relay.Hosting;
using PyChat.Relay.Throttling;

namespace PyChat.Relay.Authentication;

/// <summary>
/// Limits failed logins per remote address and user name (<c>FailedLoginsPerAddressAndUser</c> per
/// <c>FailedLoginWindow</c>), under a higher ceiling per address (<c>FailedLoginsPerAddress</c>). Counting
/// per address alone let one guesser lock out every user behind the same NAT or proxy; now guessing at one
/// name locks only that name from that address. Past either allowance an attempt is refused with
/// RateLimited before any signature is checked, which also caps the verification work it can cause.
/// </summary>
internal sealed class FailedLoginThrottle(IOptions<RelayOptions> options, TimeProvider time)
{
    private readonly KeyedThrottle<IPAddress> _perAddress = new(time, options.Value.FailedLoginsPerAddress, options.Value.FailedLoginWindow);
    private readonly KeyedThrottle<(IPAddress, string)> _perUser = new(time, options.Value.FailedLoginsPerAddressAndUser, options.Value.FailedLoginWindow);

    public bool IsAllowed(IPAddress? address, string user) =>
        address is null || (_perAddress.IsAllowed(address) && _perUser.IsAllowed((address, user)));

    /// <summary>Counts a failure; only for well-formed names, so the table's keys stay small.</summary>
    public void RecordFailure(IPAddress? address, string user)
    {
        if (address is null)
        {
            return;
        }

        _perAddress.Record(address);
        _perUser.Record((address, user));
    }
}
