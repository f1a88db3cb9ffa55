namespace PyChat.Client;

/// <summary>
/// A member whose name this client never met on this relay: its identity key is remembered from now on
/// (trust on first use) and it is keyed as usual. Show it as new; comparing safety numbers
/// (<see cref="ChatRoom.SafetyNumberWith"/>) is what rules out a relay that made it up.
/// </summary>
/// <param name="Room">The room.</param>
/// <param name="Time">When it was observed.</param>
/// <param name="Member">The member's name.</param>
/// <param name="Fingerprint">SHA-256 of its identity key, in hex.</param>
public sealed record PeerFirstSeen(string Room, DateTimeOffset Time, string Member, string Fingerprint) : RoomEvent(Room, Time);
