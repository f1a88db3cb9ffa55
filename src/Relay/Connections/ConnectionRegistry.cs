using System.Collections.Concurrent;

namespace PyChat.Relay.Connections;

/// <summary>Every open connection, so shutdown can close them all (1012).</summary>
internal sealed class ConnectionRegistry
{
    private readonly ConcurrentDictionary<long, RelayConnection> _connections = new();

    public int Count => _connections.Count;

    public void Add(RelayConnection connection) => _connections[connection.Id] = connection;

    public void Remove(RelayConnection connection) => _connections.TryRemove(connection.Id, out _);

    public void CloseAll(int code, string reason)
    {
        foreach (var connection in _connections.Values)
        {
            connection.RequestClose(code, reason);
        }
    }
}
