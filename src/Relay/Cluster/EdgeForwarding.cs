using System.Collections.Concurrent;
using PyChat.Protocol;
using PyChat.Relay.Connections;

namespace PyChat.Relay.Cluster;

/// <summary>
/// On a node that does not lead: a logged-in client's frames go to the leader as they came (after this node's own
/// size and rate checks), and what the leader sends back goes into the client's send queue, in order. Registration and
/// login stay here (the registry is shared). When the leader changes, every client handed to the old one is closed
/// with 1012 and resumes, from its offsets, wherever it reconnects: the room log in Redis has everything it missed.
/// </summary>
internal sealed class EdgeForwarding(NodeBus bus, LeaderLease lease) : IConnectionForwarding
{
    private readonly ConcurrentDictionary<long, (RelayConnection Connection, string Leader)> _handed = new();

    public bool TryForward(RelayConnection connection, ReadOnlySpan<byte> frame)
    {
        if (lease.IsLeader)
        {
            return false;
        }

        if (!TryHand(connection, out var leader) || leader != lease.Leader)
        {
            if (leader.Length > 0)
            {
                // Handed to a leader that is not the leader any more (it changed as this client was handed over).
                connection.RequestClose(CloseCode.ServiceRestart, "cluster leader changed, come back");
                return true;
            }

            connection.Enqueue(new Protocol.Frames.ErrorFrame(FrameDispatcher.RequestIdOf(frame), ErrorCode.InternalError, "no relay node serves the rooms right now").Encode());
            return true;
        }

        bus.Send(leader, NodeMessageKind.Frame, connection.Id, frame);
        return true;
    }

    public void Authenticated(RelayConnection connection)
    {
        if (!lease.IsLeader)
        {
            TryHand(connection, out _);
        }
    }

    public void Ended(RelayConnection connection)
    {
        if (_handed.TryRemove(connection.Id, out var handed))
        {
            bus.Send(handed.Leader, NodeMessageKind.Closed, connection.Id, [connection.ClosedByPeerNormally ? (byte)1 : (byte)0]);
        }
    }

    /// <summary>A message from the leader for one of this node's clients.</summary>
    public void Handle(NodeMessage message)
    {
        if (!_handed.TryGetValue(message.ConnectionId, out var handed) || handed.Leader != message.FromNode)
        {
            return; // the client is gone, or was handed to another leader since
        }

        switch (message.Kind)
        {
            case NodeMessageKind.Frames:
                foreach (var frame in message.ReadFrames())
                {
                    handed.Connection.Enqueue(frame);
                }

                break;
            case NodeMessageKind.Close:
                var (code, reason) = message.ReadClose();
                handed.Connection.RequestClose(code, reason);
                break;
        }
    }

    /// <summary>Closes every client handed to a leader (it changed, or messages may have been lost): they come back and resume.</summary>
    public void CloseAll(string reason)
    {
        foreach (var (connection, _) in _handed.Values)
        {
            connection.RequestClose(CloseCode.ServiceRestart, reason);
        }
    }

    private bool TryHand(RelayConnection connection, out string leader)
    {
        if (_handed.TryGetValue(connection.Id, out var handed))
        {
            leader = handed.Leader;
            return true;
        }

        if (lease.Leader is not { } current)
        {
            leader = string.Empty;
            return false;
        }

        leader = current;
        _handed[connection.Id] = (connection, current);
        bus.Send(current, NodeMessageKind.Open, connection.Id, NodeMessage.OpenPayload(connection.User!, connection.IdentityKey));
        return true;
    }
}
