namespace PyChat.Client.Internal;

/// <summary>
/// Where a <see cref="RoomSession"/> puts its output. Publishes go to the room's ordered outbox (called inside a
/// session call, under the room's gate, so they keep their place among the room's other publishes); events are
/// collected and handed to the room's event channel once the session call is over (the session must not wait
/// while it holds the room's lock).
/// </summary>
internal sealed class RoomOutput(Action<byte[]> publish) : IRoomSessionOutput
{
    private readonly List<RoomEvent> _events = [];

    public void Publish(byte[] payload) => publish(payload);

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
