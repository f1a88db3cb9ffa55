namespace PyChat.ConsoleClient.Chat;

/// <summary>One line the user finished with Enter.</summary>
/// <param name="Pasted">
/// Some of the text came from a paste (bracketed paste at a terminal). Such a line is always a message, sent as is,
/// line breaks included: nothing pasted is ever run as a command.
/// </param>
internal sealed record InputLine(string Text, bool Pasted = false);
