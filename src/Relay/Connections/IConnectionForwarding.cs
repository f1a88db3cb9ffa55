namespace PyChat.Relay.Connections;

/// <summary>
/// Where an authenticated client's frames are served. On one relay (and on a cluster's leader) here; on a cluster node
/// that is not the leader, they go to the leader, which answers through this node (docs/CLUSTER.md).
/// </summary>
internal interface IConnectionForwarding
{
    /// <summary>Hands <paramref name="frame"/> to the node that serves the client; false to serve it here.</summary>
    bool TryForward(RelayConnection connection, ReadOnlySpan<byte> frame);

    /// <summary>The client logged in here: the serving node learns of the session (one per user, whichever node).</summary>
    void Authenticated(RelayConnection connection);

    /// <summary>The client's connection ended; the serving node ends it there (seats away, or left after a 1000).</summary>
    void Ended(RelayConnection connection);
}

/// <summary>One relay: everything is served here.</summary>
internal sealed class LocalServing : IConnectionForwarding
{
    public bool TryForward(RelayConnection connection, ReadOnlySpan<byte> frame) => false;

    public void Authenticated(RelayConnection connection)
    {
    }

    public void Ended(RelayConnection connection)
    {
    }
}
