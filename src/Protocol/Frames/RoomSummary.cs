namespace PyChat.Protocol.Frames;

/// <summary>One active room in a <see cref="RoomListFrame"/>.</summary>
public sealed record RoomSummary(string Name, byte Members, byte Capacity);
