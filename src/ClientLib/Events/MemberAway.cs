namespace PyChat.Client;

/// <summary>
/// A member's connection dropped. It keeps its seat (and its room key) for the relay's grace period and gets what
/// it missed when it comes back (<see cref="MemberBack"/>); if it does not, <see cref="MemberLeft"/> follows.
/// </summary>
/// <param name="Room">The room.</param>
/// <param name="Time">When it was observed.</param>
/// <param name="Member">The member who is away.</param>
public sealed record MemberAway(string Room, DateTimeOffset Time, string Member) : RoomEvent(Room, Time);
