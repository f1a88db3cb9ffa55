namespace PyChat.Relay.Commands;

/// <summary>A room as <c>rooms list</c> shows it: members in join order.</summary>
internal sealed record ListedRoom(string Name, string Hub, ulong LastOffset, List<ListedMember> Members);
