using PyChat.Relay.Rooms;

namespace PyChat.Relay.Connections;

/// <summary>
/// Lets one connection's Publishes to one room wait for the room log together instead of one after another. The relay
/// answers a connection's requests in the order it received them (docs/PROTOCOL.md §3); waiting for each Publish's
/// commit before reading the next frame kept that order, but held every sender to one commit at a time, which made a
/// durable log's latency the sender's rate. A room sends its logged frames, acknowledgements included, in offset order,
/// so Publishes to the same room keep their answers' order by themselves; anything else (another room, any other
/// request, a refusal) first waits for what is in flight. Used by the connection's receive loop only.
/// </summary>
internal sealed class PublishPipeline
{
    /// <summary>At most this many Publishes of one connection wait for the log at once; then the receive loop waits too.</summary>
    public const int MaxInFlight = 64;

    private Task _last = Task.CompletedTask;
    private Room? _room;
    private int _inFlight;

    /// <summary>True if a Publish to <paramref name="room"/> may go ahead without waiting: nothing in flight, or only to that room.</summary>
    public bool Admits(Room room) => _last.IsCompleted || ReferenceEquals(_room, room);

    /// <summary>Records a Publish to <paramref name="room"/> whose frames go out when <paramref name="sent"/> completes.</summary>
    /// <returns>A task to wait for before reading on: completed unless <see cref="MaxInFlight"/> are waiting.</returns>
    public Task Add(Room room, Task sent)
    {
        if (_last.IsCompleted)
        {
            _inFlight = 0;
        }

        _last = sent;
        _room = room;
        return ++_inFlight >= MaxInFlight ? sent : Task.CompletedTask;
    }

    /// <summary>Completes when every Publish recorded so far has gone out (its Published or Error queued).</summary>
    public Task Drained => _last;
}
