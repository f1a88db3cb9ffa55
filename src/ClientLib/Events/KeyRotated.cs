namespace PyChat.Client;

/// <summary>This client installed a new room key: messages it sends from now on use <paramref name="Epoch"/>.</summary>
/// <param name="Room">The room.</param>
/// <param name="Time">When the key was installed.</param>
/// <param name="Epoch">The new epoch.</param>
/// <param name="Hub">The hub that made the key (this client, if it is the hub).</param>
public sealed record KeyRotated(string Room, DateTimeOffset Time, uint Epoch, string Hub) : RoomEvent(Room, Time);
