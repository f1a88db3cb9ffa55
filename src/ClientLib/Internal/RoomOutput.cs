using PyChat.Protocol.Frames;

namespace PyChat.Client.Internal;

/// <summary>
/// Where a <see cref="RoomSession"/> puts its output. Publishes go straight onto the client's send
/// queue, so they leave in the order the session made them; events are collected and handed to the
/// room's event channel once the session call is over (the session must not wait while it holds the
/// room's lock).
/// </summary>
internal sealed class RoomOutput(PyChatClient client, string room, Action<byte[], ulong> published) : IRoomSessionOutput
{
    private readonly List<RoomEvent> _events = [];

    /// <summary>Queues the payload; the offset in its acknowledgement goes back to the session (the published callback).</summary>
    public void Publish(byte[] payload) => client.PublishInBackground(room, payload, offset => published(payload, offset));

    public void Raise(RoomEvent e) => _events.Add(e);

    public RoomEvent[] TakeEvents()
    {
        if (_events.Count == 0)
        {
            return [];
        }

        var events = _events.ToArray();
        _events.Clear();
        return events;
    }
}
