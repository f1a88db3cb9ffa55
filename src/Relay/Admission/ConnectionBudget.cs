using System.Globalization;
using PyChat.Relay.Hosting;

namespace PyChat.Relay.Admission;

/// <summary>
/// How many connections Kestrel may hold. Every connection is a file descriptor, and a relay out of them
/// cannot accept, open its database or even start a thread: it dies. So unless configured, the limits are
/// derived from the open-file limit, keeping a reserve for everything that is not a client socket.
/// </summary>
/// <param name="Connections">Kestrel's MaxConcurrentConnections: connections not (yet) upgraded to a WebSocket.</param>
/// <param name="UpgradedConnections">Kestrel's MaxConcurrentUpgradedConnections: WebSockets. Kestrel counts the two apart.</param>
/// <param name="OpenFileLimit">RLIMIT_NOFILE, if there is one.</param>
/// <param name="Disagreement">One line saying how configured limits exceed the open-file limit, or null.</param>
internal sealed record ConnectionBudget(long Connections, long UpgradedConnections, long? OpenFileLimit, string? Disagreement)
{
    /// <summary>Connections in all when there is no open-file limit to derive them from.</summary>
    public const long WithoutOpenFileLimit = 10_000;

    /// <summary>
    /// Files kept for the runtime, its libraries, SQLite (database, WAL, shared memory), the listening
    /// sockets, certificate files and logs; and the sockets Kestrel accepts only to close them when a
    /// limit is reached. An eighth of the limit, at least 128.
    /// </summary>
    public static long ReserveOf(long openFileLimit) => Math.Max(128, openFileLimit / 8);

    public static ConnectionBudget From(RelayOptions options, long? openFileLimit)
    {
        var total = WithoutOpenFileLimit;
        if (openFileLimit is { } limit)
        {
            var reserve = ReserveOf(limit);
            total = limit > 2 * reserve ? limit - reserve : Math.Max(2, limit / 2);
        }

        // Most of it for WebSockets, which are people; a quarter for connections still in TLS or HTTP,
        // which is where an anonymous flood sits until the short pre-upgrade timeouts drop it.
        // Each default stands on its own: configuring one limit must not quietly shrink the other.
        var connections = options.MaxConcurrentConnections ?? Math.Max(1, total / 4);
        var upgraded = options.MaxConcurrentUpgradedConnections ?? Math.Max(1, total - Math.Max(1, total / 4));
        string? disagreement = null;
        if (openFileLimit is not null && connections + upgraded > total)
        {
            disagreement = string.Create(
                CultureInfo.InvariantCulture,
                $"Relay:MaxConcurrentConnections ({connections}) + Relay:MaxConcurrentUpgradedConnections ({upgraded}) exceed the {total} connections the open-file limit of {openFileLimit} leaves room for; raise LimitNOFILE / ulimit -n or lower them, or a flood can exhaust the relay's files");
        }

        return new ConnectionBudget(connections, upgraded, openFileLimit, disagreement);
    }
}
