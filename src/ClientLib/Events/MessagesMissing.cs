namespace PyChat.Client;

/// <summary>
/// A member's message sequence jumped: <paramref name="Count"/> of its messages, starting at sequence
/// <paramref name="FirstMissing"/>, never arrived (docs/PROTOCOL.md §6.3). The relay dropped them, by refusing
/// them (rate limit, size) or on purpose; they are not coming.
/// </summary>
/// <param name="Room">The room.</param>
/// <param name="Time">When it was observed.</param>
/// <param name="Sender">The member whose messages are missing.</param>
/// <param name="FirstMissing">The first sequence number that did not arrive.</param>
/// <param name="Count">How many did not arrive.</param>
public sealed record MessagesMissing(string Room, DateTimeOffset Time, string Sender, ulong FirstMissing, ulong Count) : RoomEvent(Room, Time);
