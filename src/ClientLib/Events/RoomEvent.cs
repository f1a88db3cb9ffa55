namespace PyChat.Client;

/// <summary>Something that happened in a room, as the end-to-end layer saw it.</summary>
/// <param name="Room">The room it happened in.</param>
/// <param name="Time">When this client observed it (local clock).</param>
public abstract record RoomEvent(string Room, DateTimeOffset Time);
