namespace PyChat.Client;

/// <summary>
/// The room has used its last key epoch (docs/PROTOCOL.md §6.2): no new room key can be made, so this client
/// leaves the room and its events end after this one. Create or join the room again to go on.
/// </summary>
/// <param name="Room">The room.</param>
/// <param name="Time">When it was observed.</param>
/// <param name="LastEpoch">The highest epoch the room reached.</param>
public sealed record EpochsExhausted(string Room, DateTimeOffset Time, uint LastEpoch) : RoomEvent(Room, Time);
