namespace PyChat.ConsoleClient.Chat;

/// <summary>
/// Lines from a redirected standard input (a script, a pipe, a test). <see cref="TextReader.ReadLine"/>
/// on the console blocks and ignores cancellation, so it runs on the thread pool and the wait is cancellable.
/// </summary>
internal sealed class ReaderLineInput(TextReader reader) : ILineInput
{
    private Task<string?>? _pending;

    public async Task<InputLine?> ReadLineAsync(CancellationToken cancellationToken)
    {
        // A read abandoned by cancellation still owns the next line; hand it out next time instead of losing it.
        _pending ??= Task.Run(reader.ReadLine, CancellationToken.None);
        var line = await _pending.WaitAsync(cancellationToken);
        _pending = null;
        return line is null ? null : new InputLine(line);
    }

    public void Dispose()
    {
        // The reader belongs to the program (standard input), not to the room view.
    }
}
