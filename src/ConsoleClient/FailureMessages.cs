namespace PyChat.ConsoleClient;

/// <summary>
/// The one place that turns an exception from ClientLib or the system into a sentence and an exit code.
/// </summary>
internal static class FailureMessages
{
    public static bool TryDescribe(Exception exception, out ExitCode exitCode, out string message)
    {
        (exitCode, message) = exception switch
        {
            UnauthorizedAccessException e => (ExitCode.Other, $"Permission denied: {e.Message}"),
            IOException e => (ExitCode.Other, $"File error: {e.Message}"),
            _ => (ExitCode.Other, ""),
        };
        return message.Length > 0;
    }
}
