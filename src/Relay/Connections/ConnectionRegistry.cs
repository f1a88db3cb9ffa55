using System.Collections.Concurrent;

namespace PyChat.Relay.Connections;

/// <summary>Every open connection, so shutdown can close them all (1012) and the metrics can read their send queues.</summary>
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

    // Read at each metrics collection, not per frame: one walk over the connections each.
    public long QueuedFrames()
    {
        var frames = 0L;
        foreach (var (_, connection) in _connections)
        {
            frames += connection.QueuedFrames;
        }

        return frames;
    }

    public int DeepestQueue()
    {
        var deepest = 0;
        foreach (var (_, connection) in _connections)
        {
            deepest = Math.Max(deepest, connection.QueuedFrames);
        }

        return deepest;
    }

    public long QueuedBytes()
    {
        var bytes = 0L;
        foreach (var (_, connection) in _connections)
        {
            bytes += connection.QueuedBytes;
        }

        return bytes;
    }
}
