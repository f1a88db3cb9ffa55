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

    /// <summary><c>/leave</c>: leave the room (back to the menu, or exit when started with <c>chat</c>).</summary>
    public sealed record Leave : RoomInput;

    /// <summary><c>/help</c>: the commands.</summary>
    public sealed record Help : RoomInput;

    /// <summary><c>/quit</c>, or end of input: leave the room and end the program.</summary>
    public sealed record Quit : RoomInput;

    /// <summary>A line that starts like a command but is not one; <see cref="Problem"/> says why.</summary>
    public sealed record Invalid(string Problem) : RoomInput;
}
