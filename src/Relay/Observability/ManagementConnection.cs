using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;

namespace PyChat.Relay.Observability;

/// <summary>
/// Marks a connection accepted on a <c>Relay:ManagementUrls</c> listener. Set by the listener itself, below HTTP, so a
/// request on the public port cannot claim it (a Host header naming the management port changes nothing).
/// </summary>
internal sealed class ManagementConnection
{
    private static readonly ManagementConnection Instance = new();

    private ManagementConnection()
    {
    }

    /// <summary>Connection middleware for the management listeners.</summary>
    public static ConnectionDelegate Mark(ConnectionDelegate next) => connection =>
    {
        connection.Features.Set(Instance);
        return next(connection);
    };

    /// <summary>Kestrel's requests see their connection's features.</summary>
    public static bool Is(HttpContext context) => context.Features.Get<ManagementConnection>() is not null;
}
