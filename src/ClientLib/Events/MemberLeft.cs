namespace PyChat.Client;

/// <summary>A member left the room or lost its connection.</summary>
/// <param name="Room">The room.</param>
/// <param name="Time">When it was observed.</param>
/// <param name="Member">The departed member's name.</param>
public sealed record MemberLeft(string Room, DateTimeOffset Time, string Member) : RoomEvent(Room, Time);
