using System.Threading.Channels;

namespace PyChat.ConsoleClient.Chat;

/// <summary>
/// The keys typed at the terminal, read by one background thread and handed out from a queue, so that waiting for a
/// key is always cancellable. Why not <see cref="Console.KeyAvailable"/> followed by <see cref="Console.ReadKey(bool)"/>:
/// Ctrl+C makes the terminal discard the keys not read yet, so a key seen as available can be gone by the time it is
/// read, and that read then blocks until the next key, where Ctrl+C can no longer stop it. Here only the background
/// thread ever blocks; the program waits on the queue. Every reader of the terminal's keys (the room view's line editor,
/// Spectre's prompts through <see cref="Rendering.TerminalKeysConsole"/>) shares the one instance, so no key is read
/// twice or lost between them.
/// </summary>
/// <remarks>
/// The thread reads only when a key is wanted (and then what was typed with it), never ahead of the program: between
/// prompts the terminal's input stays where it is, for whatever reads standard input next as lines.
/// </remarks>
internal sealed class TerminalKeys : IKeyboard
{
    private static readonly Lazy<TerminalKeys> Instance = new(() => new TerminalKeys());
    private readonly Channel<ConsoleKeyInfo> _keys = Channel.CreateUnbounded<ConsoleKeyInfo>(
        new UnboundedChannelOptions { SingleWriter = true, SingleReader = false });
    private readonly AutoResetEvent _wanted = new(initialState: false);

    private TerminalKeys()
    {
        new Thread(ReadWhenWanted) { IsBackground = true, Name = "pychat terminal keys" }.Start();
    }

    /// <summary>The program's terminal.</summary>
    public static TerminalKeys Shared => Instance.Value;

    /// <remarks>True as well once the terminal's input ended, so that the caller's <see cref="ReadKey"/> learns it.</remarks>
    public bool KeyAvailable
    {
        get
        {
            if (_keys.Reader.TryPeek(out _) || _keys.Reader.Completion.IsCompleted)
            {
                return true;
            }

            _wanted.Set();
            return false;
        }
    }

    /// <exception cref="EndOfStreamException">The terminal's input ended.</exception>
    public ConsoleKeyInfo ReadKey() =>
        _keys.Reader.TryRead(out var key) ? key
        : _keys.Reader.Completion.IsCompleted ? throw new EndOfStreamException("The terminal's input ended.")
        : throw new InvalidOperationException("No key is available.");

    /// <summary>Waits for the next key; <paramref name="cancellationToken"/> (Ctrl+C) stops the wait at once.</summary>
    public async ValueTask<ConsoleKeyInfo> ReadKeyAsync(CancellationToken cancellationToken)
    {
        if (_keys.Reader.TryRead(out var key))
        {
            return key;
        }

        _wanted.Set();
        try
        {
            return await _keys.Reader.ReadAsync(cancellationToken);
        }
        catch (ChannelClosedException closed)
        {
            throw new EndOfStreamException("The terminal's input ended.", closed);
        }
    }

    private void ReadWhenWanted()
    {
        try
        {
            while (true)
            {
                _wanted.WaitOne();
                // The wanted key, then whatever was typed with it (a paste arrives as many keys at once): a paste is
                // handed over whole, and a KeyAvailable that lies after Ctrl+C only blocks this thread.
                do
                {
                    _keys.Writer.TryWrite(Console.ReadKey(intercept: true));
                }
                while (Console.KeyAvailable);
            }
        }
        catch (Exception failure) when (failure is InvalidOperationException or IOException)
        {
            // The terminal went away (or input was never one): whoever waits for a key learns that input ended.
            _keys.Writer.TryComplete(failure);
        }
    }
}
