using PyChat.ConsoleClient.Chat;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace PyChat.ConsoleClient.Rendering;

/// <summary>
/// Spectre's console with its keys taken from <see cref="TerminalKeys"/>: its own input polls
/// <see cref="Console.KeyAvailable"/> and then reads, which Ctrl+C can leave blocked (see <see cref="TerminalKeys"/>),
/// and it would compete with the room view for the same keys. Everything else is the wrapped console's.
/// </summary>
internal sealed class TerminalKeysConsole(IAnsiConsole inner, TerminalKeys keys) : IAnsiConsole
{
    public Profile Profile => inner.Profile;

    public IAnsiConsoleCursor Cursor => inner.Cursor;

    public IAnsiConsoleInput Input { get; } = new KeysInput(keys);

    public IExclusivityMode ExclusivityMode => inner.ExclusivityMode;

    public RenderPipeline Pipeline => inner.Pipeline;

    public void Clear(bool home) => inner.Clear(home);

    public void Write(IRenderable renderable) => inner.Write(renderable);

    public void WriteAnsi(Action<AnsiWriter> action) => inner.WriteAnsi(action);

    /// <remarks>Keys are never echoed: every prompt the program asks reads them intercepted and draws them itself.</remarks>
    private sealed class KeysInput(TerminalKeys keys) : IAnsiConsoleInput
    {
        public bool IsKeyAvailable() => keys.KeyAvailable;

        public ConsoleKeyInfo? ReadKey(bool intercept) => keys.KeyAvailable ? keys.ReadKey() : null;

        public async Task<ConsoleKeyInfo?> ReadKeyAsync(bool intercept, CancellationToken cancellationToken) =>
            await keys.ReadKeyAsync(cancellationToken);
    }
}
