using PyChat.Client;

namespace PyChat.ConsoleClient.Rendering;

/// <summary>
/// Maps one room's events to lines (<see cref="RoomEventLines"/>), counting the messages replayed after a reconnect
/// so that the <see cref="RoomResumed"/> line that ends the replay says how many there were. One per room view.
/// </summary>
internal sealed class CatchUpTally
{
    private int _messages;

    public RoomLine ToLine(RoomEvent roomEvent)
    {
        switch (roomEvent)
        {
            case MessageReceived { CaughtUp: true }:
                _messages++;
                break;
            case RoomResumed:
                var resumed = RoomEventLines.ToLine(roomEvent, _messages);
                _messages = 0;
                return resumed;
            case MessagesMissed:
                _messages = 0; // a resume that failed: the room is joined again, nothing more is replayed
                break;
        }

        return RoomEventLines.ToLine(roomEvent);
    }
}
