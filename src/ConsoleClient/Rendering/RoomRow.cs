namespace PyChat.ConsoleClient.Rendering;

/// <summary>One active room in the room list.</summary>
internal sealed record RoomRow(string Name, int Members, int Capacity);
