namespace PyChat.ConsoleClient.Commands;

/// <summary>The command line, or a value the user typed, breaks a rule. Ends the program with <see cref="ExitCode.Usage"/>.</summary>
internal sealed class UsageException(string message) : Exception(message);
