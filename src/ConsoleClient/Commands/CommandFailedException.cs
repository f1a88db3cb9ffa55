namespace PyChat.ConsoleClient.Commands;

/// <summary>A command failed in a way the user can understand: one line for standard error, and the exit code.</summary>
internal sealed class CommandFailedException(ExitCode exitCode, string message) : Exception(message)
{
    public ExitCode ExitCode { get; } = exitCode;
}
