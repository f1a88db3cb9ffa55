namespace PyChat.ConsoleClient.Chat;

/// <summary>Where the room view reads what the user types. Null at end of input (Ctrl+D, end of a pipe).</summary>
internal interface ILineInput
{
    Task<string?> ReadLineAsync(CancellationToken cancellationToken);
}
