using Spectre.Console;

namespace PyChat.ConsoleClient.Rendering;

/// <summary>
/// Every question the program asks at a terminal goes through here. A prompt waits for keys that Ctrl+C cannot stop
/// unless the wait is cancellable, so each one is asked with the program's interrupt token; when Ctrl+C stops it, the
/// cursor is still after the question, so the line is ended first and "Interrupted." gets a line of its own.
/// </summary>
internal static class TerminalPrompts
{
    public static async Task<T> AskAsync<T>(this IAnsiConsole console, IPrompt<T> prompt, CancellationToken cancellationToken)
    {
        try
        {
            return await prompt.ShowAsync(console, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.WriteLine();
            throw;
        }
    }
}
