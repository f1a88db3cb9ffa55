namespace PyChat.ConsoleClient.Rendering;

/// <summary>How a line in the room view is styled, and how its plain form starts (docs/CONSOLE.md, "Plain output").</summary>
internal enum RoomLineKind
{
    /// <summary>A chat message: <c>TIME SENDER MARK TEXT</c>.</summary>
    Message,
    /// <summary>Something that happened in the room (join, leave, hub, key): <c>TIME * TEXT</c>.</summary>
    Event,
    /// <summary>Something the user must notice (rejected message, changed key): <c>TIME ! TEXT</c>.</summary>
    Warning,
    /// <summary>Output of a command the user typed (<c>/who</c>, <c>/help</c>): printed as is, no time.</summary>
    Notice,
}
