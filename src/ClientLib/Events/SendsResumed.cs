namespace PyChat.Client;

/// <summary>
/// No member with an untrusted changed key is left in the room (each was trusted or left): this client
/// sends again (see <see cref="SendsHeld"/>).
/// </summary>
/// <param name="Room">The room.</param>
/// <param name="Time">When it was observed.</param>
public sealed record SendsResumed(string Room, DateTimeOffset Time) : RoomEvent(Room, Time);
