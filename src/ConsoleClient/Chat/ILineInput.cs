namespace PyChat.ConsoleClient.Chat;

/// <summary>Where the room view reads what the user types. Null at end of input (Ctrl+D, end of a pipe).</summary>
/// <remarks>Disposed when the room view ends: a terminal input gives back the terminal modes it set.</remarks>
internal interface ILineInput : IDisposable
{
    Task<InputLine?> ReadLineAsync(CancellationToken cancellationToken);
}
