namespace PyChat.Client;

/// <summary>
/// The hub's Rekey was made for a different set of members than this client sees in the room: the relay is
/// showing members different rooms (a member only some see, or one hidden from some). Every entry of a Rekey,
/// keyed or withheld, names a member the hub sees (docs/PROTOCOL.md §6.2), so an honest relay never causes this.
/// </summary>
/// <param name="Room">The room.</param>
/// <param name="Time">When it was observed.</param>
/// <param name="Hub">The hub that sent the Rekey.</param>
/// <param name="Epoch">The Rekey's epoch.</param>
/// <param name="NotSeenHere">Members the hub's Rekey lists that this client does not see in the room.</param>
/// <param name="NotInRekey">Members this client sees that the hub's Rekey does not list.</param>
public sealed record RosterMismatch(string Room, DateTimeOffset Time, string Hub, uint Epoch, IReadOnlyList<string> NotSeenHere, IReadOnlyList<string> NotInRekey)
    : RoomEvent(Room, Time);
