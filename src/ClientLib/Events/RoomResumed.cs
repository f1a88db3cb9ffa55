namespace PyChat.Client;

/// <summary>
/// After a reconnect, the relay gave this client its seat back and replayed what it missed: the
/// <paramref name="CaughtUp"/> frames before this event (messages, joins, leaves) happened while it was away.
/// Sends made meanwhile go out now, in order; nothing was rekeyed.
/// </summary>
/// <param name="Room">The room.</param>
/// <param name="Time">When the relay's RoomResumed arrived.</param>
/// <param name="CaughtUp">How many frames of the room the relay replayed.</param>
public sealed record RoomResumed(string Room, DateTimeOffset Time, int CaughtUp) : RoomEvent(Room, Time);
