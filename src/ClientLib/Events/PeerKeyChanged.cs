namespace PyChat.Client;

/// <summary>
/// A member's identity key differs from the one remembered for that name. Until the application trusts it
/// (<see cref="ChatRoom.TrustAsync"/>, or <see cref="IKnownPeers.Trust"/>), that member's messages arrive with
/// <see cref="PeerTrust.Changed"/>, this client sends nothing to the room and, as hub, keys that member not at all
/// (a <see cref="SendsHeld"/> event follows this one).
/// </summary>
/// <param name="Room">The room.</param>
/// <param name="Time">When it was observed.</param>
/// <param name="Member">The member's name.</param>
/// <param name="PreviousFingerprint">The remembered fingerprint (hex).</param>
/// <param name="NewFingerprint">The fingerprint of the key the relay now lists (hex).</param>
public sealed record PeerKeyChanged(string Room, DateTimeOffset Time, string Member, string PreviousFingerprint, string NewFingerprint) : RoomEvent(Room, Time);
