using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using PyChat.Protocol;
using PyChat.Relay.Connections;
using PyChat.Relay.Rooms;

namespace PyChat.Relay.Authentication;

/// <summary>One live session per user: a newer login takes over and the older connection is closed with 4002.</summary>
internal sealed partial class SessionDirectory(RoomDirectory rooms, ILogger<SessionDirectory> logger)
{
    private readonly ConcurrentDictionary<string, RelayConnection> _sessions = new(StringComparer.Ordinal);

    /// <summary>Logs <paramref name="connection"/> in as <paramref name="user"/>, replacing an older session of the same user.</summary>
    public void Activate(RelayConnection connection, string user, byte[] identityKey)
    {
        connection.Authenticate(user, identityKey);
        RelayConnection? previous = null;
        _sessions.AddOrUpdate(user, connection, (_, existing) =>
        {
            previous = existing;
            return connection;
        });

        if (previous is not null && previous != connection)
        {
            // Its seats are away before the new session is told Ok, so the new one can resume them (or join) at once.
            rooms.AwayAll(previous);
            previous.RequestClose(CloseCode.SessionReplaced, "logged in elsewhere");
            Log.SessionReplaced(logger, user);
        }
    }

    /// <summary>Forgets the session if <paramref name="connection"/> is still the live one.</summary>
    public void Release(RelayConnection connection)
    {
        if (connection.User is { } user)
        {
            _sessions.TryRemove(KeyValuePair.Create(user, connection));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.SessionReplaced, LogLevel.Information, "{User} logged in on a newer connection; closing the older one")]
        public static partial void SessionReplaced(ILogger logger, string user);
    }
}
