namespace PyChat.ConsoleClient.Chat;

/// <summary>How the user left the room view.</summary>
internal enum RoomExit
{
    /// <summary><c>/leave</c>: back to the menu.</summary>
    Left,
    /// <summary><c>/quit</c> or end of input: end the program.</summary>
    Quit,
}
