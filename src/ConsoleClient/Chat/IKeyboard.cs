namespace PyChat.ConsoleClient.Chat;

/// <summary>Key presses at a terminal. <see cref="SystemKeyboard"/> is the real one; tests script their own.</summary>
internal interface IKeyboard
{
    bool KeyAvailable { get; }

    ConsoleKeyInfo ReadKey();
}

internal sealed class SystemKeyboard : IKeyboard
{
    public bool KeyAvailable => Console.KeyAvailable;

    public ConsoleKeyInfo ReadKey() => Console.ReadKey(intercept: true);
}
