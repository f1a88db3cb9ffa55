namespace PyChat.Relay.Rooms;

/// <summary>
/// What a room operation came to, and a task that completes once the frames it caused went out (after the room log
/// took them): the sender's next request is answered only then, so answers keep the order of the requests.
/// </summary>
internal readonly record struct RoomOutcome(RoomResult Result, Task Sent)
{
    public static implicit operator RoomOutcome(RoomResult result) => new(result, Task.CompletedTask);
}
