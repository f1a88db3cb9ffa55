namespace PyChat.Client;

/// <summary>The relay elected a new key hub because the previous one left or is away (or came back).</summary>
/// <param name="Room">The room.</param>
/// <param name="Time">When it was observed.</param>
/// <param name="Hub">The hub from now on.</param>
public sealed record HubChanged(string Room, DateTimeOffset Time, string Hub) : RoomEvent(Room, Time);
