using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using PyChat.Relay.Authentication;
using PyChat.Relay.Connections;
using PyChat.Relay.Hosting;
using PyChat.Relay.Rooms;

namespace PyChat.Relay.Cluster;

/// <summary>
/// On the leader: the clients of other nodes, each as a <see cref="RelayConnection"/> without a socket (a shadow) that
/// the rooms, the sessions and the dispatcher treat exactly like a client of this node. Frames the client sent arrive
/// in order and are dispatched one after another, as a connection's receive loop does; what the rooms queue for it goes
/// back to its node in runs, as a send loop would write them. A shadow ends as a connection does: seats left after the
/// client closed with 1000, kept away otherwise (its node died, or lost its messages).
/// </summary>
internal sealed class LeaderShadows(
    FrameDispatcher dispatcher, RoomDirectory rooms, SessionDirectory sessions, NodeBus bus, IOptions<RelayOptions> options)
{
    private readonly ConcurrentDictionary<(string Node, long Id), Shadow> _shadows = new();
    private readonly RelayOptions _options = options.Value;
    private readonly FrameDispatcher _dispatcher = dispatcher;
    private readonly NodeBus _bus = bus;

    /// <summary>The nodes that have clients here now.</summary>
    public IReadOnlyCollection<string> Nodes => _shadows.Keys.Select(k => k.Node).Distinct(StringComparer.Ordinal).ToList();

    public void Handle(NodeMessage message)
    {
        var key = (message.FromNode, message.ConnectionId);
        switch (message.Kind)
        {
            case NodeMessageKind.Open when !_shadows.ContainsKey(key):
                var (user, identityKey) = message.ReadOpen();
                var shadow = new Shadow(this, message.FromNode, message.ConnectionId, new RelayConnection(null, _options.SendQueueCapacity, _options.SendQueueBytes), _options.SendQueueCapacity);
                _shadows[key] = shadow;
                sessions.Activate(shadow.Connection, user, identityKey);
                shadow.Start();
                break;
            case NodeMessageKind.Frame:
                if (_shadows.TryGetValue(key, out var to))
                {
                    to.Receive(message.Payload.ToArray());
                }
                else
                {
                    // A client this leader does not know (it took over since): its node closes it, and it resumes here.
                    SendBack(message);
                }

                break;
            case NodeMessageKind.Closed when _shadows.TryGetValue(key, out var closed):
                closed.EndedThere(normally: message.Payload.Span is [1]);
                break;
        }
    }

    /// <summary>
    /// A node restarted (<see cref="NodeMessageKind.Started"/> from <paramref name="address"/>): its earlier process's
    /// clients are gone. Their seats are away before anything the new process sends is handled, so its first clients
    /// find the room as it is.
    /// </summary>
    public void Restarted(string address)
    {
        var node = address[..(address.LastIndexOf('/') + 1)];
        foreach (var (key, shadow) in _shadows)
        {
            if (key.Node != address && key.Node.StartsWith(node, StringComparison.Ordinal))
            {
                rooms.AwayAll(shadow.Connection);
                shadow.Connection.RequestClose(Protocol.CloseCode.ServiceRestart, "cluster node restarted");
            }
        }
    }

    /// <summary>Tells the client's node to close it with 1012: it comes back, and resumes where it was.</summary>
    public void SendBack(NodeMessage message) =>
        _bus.Send(message.FromNode, NodeMessageKind.Close, message.ConnectionId, NodeMessage.ClosePayload(Protocol.CloseCode.ServiceRestart, "cluster leader changed, come back"));

    /// <summary>
    /// The node is gone (its liveness ran out, or it was restarted): its clients' seats wait, away, for them to resume
    /// elsewhere; a node that was only slow is told to close them (1012), so none stays on a seat that is away.
    /// </summary>
    public void DropNode(string node)
    {
        foreach (var (key, shadow) in _shadows)
        {
            if (key.Node == node)
            {
                shadow.Connection.RequestClose(Protocol.CloseCode.ServiceRestart, "cluster node lost, come back");
            }
        }
    }

    /// <summary>
    /// Redis is back after messages may have been lost: every shadow there was ends (away, now that the room log can
    /// record it), and its node closes the client if it has not already, which then resumes. Done on the way back rather
    /// than when the failure began, so no seat changes while the log cannot record it: a change the log misses would cut
    /// every member's resume short.
    /// </summary>
    public void DropAll()
    {
        foreach (var shadow in _shadows.Values)
        {
            rooms.AwayAll(shadow.Connection);
            shadow.Connection.RequestClose(Protocol.CloseCode.ServiceRestart, "cluster messages lost, come back");
        }
    }

    private void End(Shadow shadow)
    {
        if (shadow.Connection.ClosedByPeerNormally)
        {
            rooms.LeaveAll(shadow.Connection);
        }
        else
        {
            rooms.AwayAll(shadow.Connection);
        }

        sessions.Release(shadow.Connection);
        _shadows.TryRemove(KeyValuePair.Create((shadow.Node, shadow.Id), shadow));
    }

    private sealed class Shadow(LeaderShadows owner, string node, long id, RelayConnection connection, int inboundCapacity)
    {
        // Bounded like a send queue: a leader that falls behind a node's flood closes that client (4000) rather than grow.
        private readonly Channel<byte[]> _inbound = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(inboundCapacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
        private volatile bool _endedThere;

        public string Node { get; } = node;

        public long Id { get; } = id;

        public RelayConnection Connection { get; } = connection;

        public void Start()
        {
            _ = Task.Run(DispatchLoopAsync);
            _ = Task.Run(ForwardLoopAsync);
        }

        public void Receive(byte[] frame)
        {
            if (!_inbound.Writer.TryWrite(frame))
            {
                Connection.RequestClose(Protocol.CloseCode.SendQueueFull, "relay behind");
            }
        }

        /// <summary>
        /// The client's connection ended on its node: nothing more goes there. What it sent before is still dispatched,
        /// as a connection's receive loop handles every frame read before the close.
        /// </summary>
        public void EndedThere(bool normally)
        {
            _endedThere = true;
            if (normally)
            {
                Connection.PeerClosedNormallyElsewhere();
            }

            _inbound.Writer.TryComplete();
        }

        private async Task DispatchLoopAsync()
        {
            var reader = _inbound.Reader;
            var closed = Connection.CloseRequested;
            while (!closed.IsCompleted)
            {
                var more = reader.WaitToReadAsync().AsTask();
                if (await Task.WhenAny(more, closed) == closed || !await more)
                {
                    break; // closed here, or the node said the client is gone and everything it sent is dispatched
                }

                while (!Connection.IsClosing && reader.TryRead(out var frame))
                {
                    await owner._dispatcher.DispatchAsync(Connection, frame, CancellationToken.None);
                }
            }

            _inbound.Writer.TryComplete();
            Connection.RequestClose((int)System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, string.Empty); // no-op if closed already
            owner.End(this);
        }

        private async Task ForwardLoopAsync()
        {
            var reader = Connection.Outgoing;
            var run = new List<byte[]>();
            while (await reader.WaitToReadAsync())
            {
                run.Clear();
                while (run.Count < 256 && reader.TryRead(out var frame))
                {
                    Connection.Dequeued(frame);
                    run.Add(frame);
                }

                if (!_endedThere && Connection.CloseCode != Protocol.CloseCode.SendQueueFull)
                {
                    owner._bus.Send(Node, NodeMessageKind.Frames, Id, NodeMessage.FramesPayload(run));
                }
            }

            if (!_endedThere)
            {
                owner._bus.Send(Node, NodeMessageKind.Close, Id, NodeMessage.ClosePayload(Connection.CloseCode, Connection.CloseReason));
            }
        }
    }
}
