namespace PyChat.ConsoleClient.Chat;

/// <summary>Key presses at a terminal. <see cref="TerminalKeys"/> is the real one; tests script their own.</summary>
internal interface IKeyboard
{
    /// <summary>Whether <see cref="ReadKey"/> has a key to return at once.</summary>
    bool KeyAvailable { get; }

    /// <summary>The next key; call it only when <see cref="KeyAvailable"/> says there is one.</summary>
    /// <exception cref="EndOfStreamException">The terminal's input ended (it went away).</exception>
    ConsoleKeyInfo ReadKey();
}
