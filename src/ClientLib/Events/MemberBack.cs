namespace PyChat.Client;

/// <summary>An away member resumed its seat: same identity key, same room keys, nothing rekeyed.</summary>
/// <param name="Room">The room.</param>
/// <param name="Time">When it was observed.</param>
/// <param name="Member">The member who is back.</param>
public sealed record MemberBack(string Room, DateTimeOffset Time, string Member) : RoomEvent(Room, Time);
