using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace PyChat.Relay.Cluster;

/// <summary>
/// Messages between relay nodes over Redis pub/sub: each node reads its own channel, in the order messages were
/// published (one subscription queue, handled one message at a time), and sends on the node's one Redis connection,
/// which keeps the order of what it sends. Pub/sub keeps nothing for a node that is not listening, so a failed
/// connection is an event (<see cref="RedisConnection.MessagesMayBeLost"/>): the nodes then end what may have lost
/// a message, and the clients resume from the room log, which loses nothing.
/// </summary>
internal sealed partial class NodeBus(RedisConnection redis, LeaderLease lease, ILogger<NodeBus> logger)
{
    private ChannelMessageQueue? _queue;

    /// <summary>Starts reading this node's channel; <paramref name="received"/> gets each message in order.</summary>
    public async Task StartAsync(Action<NodeMessage> received)
    {
        _queue = await redis.Subscriber.SubscribeAsync(RedisKeys.NodeChannel(lease.Address));
        _queue.OnMessage(message =>
        {
            try
            {
                received(NodeMessage.Decode((byte[])message.Message!));
            }
            catch (Exception e)
            {
                // One bad message must not stop the node's channel; the type says what went wrong, never the frames.
                Log.Failed(logger, e.GetType().Name);
            }
        });
    }

    public void Send(string node, NodeMessageKind kind, long connectionId, ReadOnlySpan<byte> payload) =>
        redis.Subscriber.Publish(RedisKeys.NodeChannel(node), NodeMessage.Encode(kind, connectionId, lease.Address, payload), CommandFlags.FireAndForget);

    public async Task StopAsync()
    {
        if (_queue is not null)
        {
            await _queue.UnsubscribeAsync();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.ClusterMessageFailed, LogLevel.Error, "A message from another relay node could not be handled: {ExceptionType}")]
        public static partial void Failed(ILogger logger, string exceptionType);
    }
}
