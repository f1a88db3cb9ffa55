using System.Threading.Channels;
using PyChat.ConsoleClient.Chat;

namespace PyChat.ConsoleClient.Tests.Chat;

/// <summary>Typed lines the test hands over one at a time; completing it is end of input.</summary>
internal sealed class ScriptedLineInput : ILineInput, ITerminalFocus
{
    private readonly Channel<InputLine> _lines = Channel.CreateUnbounded<InputLine>();

    public void Type(string line) => _lines.Writer.TryWrite(new InputLine(line));

    /// <summary>A line that came from a bracketed paste at a terminal.</summary>
    public void Paste(string text) => _lines.Writer.TryWrite(new InputLine(text, Pasted: true));

    public void End() => _lines.Writer.TryComplete();

    public bool Focused { get; private set; } = true;

    public int TimesLost { get; private set; }

    /// <summary>The terminal's window loses focus (its focus report).</summary>
    public void LoseFocus()
    {
        TimesLost++;
        Focused = false;
    }

    public void GainFocus() => Focused = true;

    public async Task<InputLine?> ReadLineAsync(CancellationToken cancellationToken) =>
        await _lines.Reader.WaitToReadAsync(cancellationToken) && _lines.Reader.TryRead(out var line) ? line : null;

    public void Dispose()
    {
    }
}
