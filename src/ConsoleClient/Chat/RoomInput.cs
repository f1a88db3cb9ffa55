namespace PyChat.ConsoleClient.Chat;

/// <summary>What one line typed in the room view asks for.</summary>
internal abstract record RoomInput
{
    /// <summary>Send the text as a message.</summary>
    public sealed record Say(string Text) : RoomInput;

    /// <summary><c>/who</c>: the members, which one is hub, their fingerprints.</summary>
    public sealed record Who : RoomInput;

    /// <summary><c>/keys</c>: every room key installed in this room, and what caused each.</summary>
    public sealed record Keys : RoomInput;

    /// <summary><c>/verify NAME</c>: the safety number to compare with NAME out of band.</summary>
    public sealed record Verify(string Member) : RoomInput;

    /// <summary><c>/trust NAME</c>: accept NAME's changed key.</summary>
    public sealed record Trust(string Member) : RoomInput;

    /// <summary>
    /// <c>/leave</c> or <c>/part</c>: leave the room on screen; leaving the last one ends the view (back to the menu, or
    /// exit when started with <c>chat</c>).
    /// </summary>
    public sealed record Leave : RoomInput;

    /// <summary><c>/join ROOM</c> (an active room) or <c>/create ROOM</c> (a new one): another room, in a window of its own.</summary>
    public sealed record Join(string Room, bool Create) : RoomInput;

    /// <summary><c>/win N</c> (or Alt+N at a terminal): the room in window N goes on screen.</summary>
    public sealed record Window(int Number) : RoomInput;

    /// <summary><c>/rooms</c>: the windows with their unread counts, and the relay's active rooms.</summary>
    public sealed record Rooms : RoomInput;

    /// <summary><c>/help</c>: the commands.</summary>
    public sealed record Help : RoomInput;

    /// <summary><c>/quit</c>, or end of input: leave the room and end the program.</summary>
    public sealed record Quit : RoomInput;

    /// <summary>A line that starts like a command but is not one; <see cref="Problem"/> says why.</summary>
    public sealed record Invalid(string Problem) : RoomInput;
}
