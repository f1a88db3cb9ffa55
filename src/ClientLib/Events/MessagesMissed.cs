namespace PyChat.Client;

/// <summary>
/// After a reconnect the relay could not give this client its seat back with everything it missed (the room's log
/// no longer reaches back, the grace period ran out, or the room ended): what happened in the room while it was
/// away is lost to it. The client joins again as a new member (fresh member key; the hub keys it as any joiner)
/// and sends its unacknowledged messages again under the new key. If the room ended, the room's events end after
/// this one and its pending sends fail.
/// </summary>
/// <param name="Room">The room.</param>
/// <param name="Time">When the relay's refusal arrived.</param>
/// <param name="Reason">Why, in one sentence (the relay's error code and message).</param>
public sealed record MessagesMissed(string Room, DateTimeOffset Time, string Reason) : RoomEvent(Room, Time);
