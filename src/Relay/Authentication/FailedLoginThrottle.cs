using Microsoft.Extensions.Options;
using PyChat.Relay.Hosting;
using PyChat.Relay.Throttling;

namespace PyChat.Relay.Authentication;

/// <summary>
/// Limits failed logins per remote address (<c>FailedLoginsPerAddress</c> per <c>FailedLoginWindow</c>).
/// Once an address has used its allowance, its attempts are refused with RateLimited before any
/// signature is checked, which also caps the verification work it can cause.
/// </summary>
internal sealed class FailedLoginThrottle(IOptions<RelayOptions> options, TimeProvider time)
    : AddressThrottle(time, options.Value.FailedLoginsPerAddress, options.Value.FailedLoginWindow)
{
    public void RecordFailure(System.Net.IPAddress? address) => Record(address);
}
