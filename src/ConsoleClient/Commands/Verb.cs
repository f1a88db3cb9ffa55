namespace PyChat.ConsoleClient.Commands;

/// <summary>What the user asked the program to do: the first word that is not an option.</summary>
internal enum Verb
{
    /// <summary>No command: the interactive menu.</summary>
    Menu,
    Init,
    Rooms,
    Chat,
    Send,
    Read,
    Whoami,
    Help,
    /// <summary>What System.CommandLine answers by itself: <c>--version</c>, and the <c>[suggest]</c> directive of tab completion.</summary>
    Builtin,
}
