// STANDIN: replaced wholesale by the room branch.
namespace PyChat.Client;

/// <summary>Stand-in: something that happened in a room.</summary>
public abstract record RoomEvent(string Room, DateTimeOffset Time);

/// <summary>Stand-in: a chat message.</summary>
public sealed record MessageReceived(string Room, DateTimeOffset Time, string Sender, string Text) : RoomEvent(Room, Time);

/// <summary>Stand-in: a member joined.</summary>
public sealed record MemberJoined(string Room, DateTimeOffset Time, string Member) : RoomEvent(Room, Time);

/// <summary>Stand-in: a member left.</summary>
public sealed record MemberLeft(string Room, DateTimeOffset Time, string Member) : RoomEvent(Room, Time);

/// <summary>Stand-in: a payload was rejected.</summary>
public sealed record MessageRejected(string Room, DateTimeOffset Time, string Sender, string Reason) : RoomEvent(Room, Time);
