namespace PyChat.Client;

/// <summary>An active room on the relay, as <see cref="PyChatClient.ListRoomsAsync"/> lists it.</summary>
/// <param name="Name">The room's name.</param>
/// <param name="Members">How many members it has now.</param>
/// <param name="Capacity">How many members it can hold.</param>
public sealed record RoomInfo(string Name, int Members, int Capacity);
