namespace PyChat.Client;

/// <summary>Someone joined the room after this client did.</summary>
/// <param name="Room">The room.</param>
/// <param name="Time">When it was observed.</param>
/// <param name="Member">The new member's name.</param>
/// <param name="Fingerprint">SHA-256 of the member's identity key, in hex.</param>
public sealed record MemberJoined(string Room, DateTimeOffset Time, string Member, string Fingerprint) : RoomEvent(Room, Time);
