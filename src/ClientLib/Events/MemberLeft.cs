namespace PyChat.Client;

/// <summary>A member left the room, or was away past the relay's grace period.</summary>
/// <param name="Room">The room.</param>
/// <param name="Time">When it was observed.</param>
/// <param name="Member">The departed member's name.</param>
public sealed record MemberLeft(string Room, DateTimeOffset Time, string Member) : RoomEvent(Room, Time);
