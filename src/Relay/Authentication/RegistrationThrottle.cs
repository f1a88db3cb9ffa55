using Microsoft.Extensions.Options;
using PyChat.Relay.Hosting;
using PyChat.Relay.Throttling;

namespace PyChat.Relay.Authentication;

/// <summary>
/// Limits successful registrations per remote address (<c>RegistrationsPerAddress</c> per
/// <c>RegistrationWindow</c>). Every user can hold <c>MaxRoomsPerConnection</c> rooms, so without this
/// one address could register its way past the per-connection room limit and fill the relay's.
/// </summary>
internal sealed class RegistrationThrottle(IOptions<RelayOptions> options, TimeProvider time)
    : AddressThrottle(time, options.Value.RegistrationsPerAddress, options.Value.RegistrationWindow);
