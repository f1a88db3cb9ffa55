namespace PyChat.Client;

/// <summary>
/// The relay named a key hub other than the one this client's own view says it must be: the longest-present
/// member, in the join order this client saw (docs/PROTOCOL.md §5). An honest relay never does this; a
/// malicious one may be trying to put a member of its choice in charge of the room keys. The client still
/// follows the relay's choice (the room would stop otherwise); tell the user.
/// </summary>
/// <param name="Room">The room.</param>
/// <param name="Time">When it was observed.</param>
/// <param name="NamedHub">The hub the relay named.</param>
/// <param name="ExpectedHub">The hub this client expected.</param>
public sealed record HubMismatch(string Room, DateTimeOffset Time, string NamedHub, string ExpectedHub) : RoomEvent(Room, Time);
