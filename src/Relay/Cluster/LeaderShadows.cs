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
                var shadow = new Shadow(this, message.FromNode, message.ConnectionId, new RelayConnection(null, _options.SendQueueCapacity, _options.SendQueueBytes));
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
                    _bus.Send(message.FromNode, NodeMessageKind.Close, message.ConnectionId, NodeMessage.ClosePayload(Protocol.CloseCode.ServiceRestart, "cluster leader changed, come back"));
                }

                break;
            case NodeMessageKind.Closed when _shadows.TryGetValue(key, out var closed):
                closed.EndedThere(normally: message.Payload.Span is [1]);
                break;
        }
    }

    /// <summary>The node is gone (its liveness ran out): its clients' seats wait, away, for them to resume elsewhere.</summary>
    public void DropNode(string node)
    {
        foreach (var (key, shadow) in _shadows)
        {
            if (key.Node == node)
            {
                shadow.EndedThere(normally: false);
            }
        }
    }

    /// <summary>Messages may have been lost: every shadow ends (away), and its node closes the client, which resumes.</summary>
    public void DropAll()
    {
        foreach (var shadow in _shadows.Values)
        {
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

    private sealed class Shadow(LeaderShadows owner, string node, long id, RelayConnection connection)
    {
        private readonly Channel<byte[]> _inbound = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        private volatile bool _endedThere;

        public string Node { get; } = node;

        public long Id { get; } = id;

        public RelayConnection Connection { get; } = connection;

        public void Start()
        {
            _ = Task.Run(DispatchLoopAsync);
            _ = Task.Run(ForwardLoopAsync);
        }

        public void Receive(byte[] frame) => _inbound.Writer.TryWrite(frame);

        /// <summary>The client's connection ended on its node: nothing more goes there.</summary>
        public void EndedThere(bool normally)
        {
            _endedThere = true;
            if (normally)
            {
                Connection.PeerClosedNormallyElsewhere();
            }

            Connection.RequestClose((int)System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, string.Empty);
        }

        private async Task DispatchLoopAsync()
        {
            var reader = _inbound.Reader;
            var closed = Connection.CloseRequested;
            while (!closed.IsCompleted && await Task.WhenAny(reader.WaitToReadAsync().AsTask(), closed) != closed)
            {
                while (!Connection.IsClosing && reader.TryRead(out var frame))
                {
                    await owner._dispatcher.DispatchAsync(Connection, frame, CancellationToken.None);
                }
            }

            owner.End(this);
            _inbound.Writer.TryComplete();
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
