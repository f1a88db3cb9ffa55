namespace PyChat.Client;

/// <summary>
/// <paramref name="Member"/> is in the room with an identity key that differs from the one trusted before
/// (see <see cref="PeerKeyChanged"/>). Until the user trusts that key (<see cref="ChatRoom.TrustAsync"/>) or the
/// member leaves, this client sends nothing to the room (<see cref="ChatRoom.SendAsync"/> throws
/// <see cref="PyChatSendsHeldException"/>) and, as key hub, gives that member no room key: an impostor the relay
/// let in under a known name reads nothing. <see cref="SendsResumed"/> says when sending is possible again.
/// </summary>
/// <param name="Room">The room.</param>
/// <param name="Time">When it was observed.</param>
/// <param name="Member">The member whose key is not trusted.</param>
/// <param name="Fingerprint">SHA-256 of the key the relay now lists for it, in hex.</param>
public sealed record SendsHeld(string Room, DateTimeOffset Time, string Member, string Fingerprint) : RoomEvent(Room, Time);
