using System.Threading.Channels;
using PyChat.ConsoleClient.Chat;

namespace PyChat.ConsoleClient.Tests.Chat;

/// <summary>Typed lines the test hands over one at a time; completing it is end of input.</summary>
internal sealed class ScriptedLineInput : ILineInput
{
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();

    public void Type(string line) => _lines.Writer.TryWrite(line);

    public void End() => _lines.Writer.TryComplete();

    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken) =>
        await _lines.Reader.WaitToReadAsync(cancellationToken) && _lines.Reader.TryRead(out var line) ? line : null;
}
