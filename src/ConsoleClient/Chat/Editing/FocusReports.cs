namespace PyChat.ConsoleClient.Chat.Editing;

/// <summary>
/// The terminal's focus reports (mode 1004): with it on, a terminal that knows it sends <c>ESC [ I</c> when its window
/// gains focus and <c>ESC [ O</c> when it loses it. .NET's <see cref="Console.ReadKey(bool)"/> does not pass these on as
/// characters: it reads <c>ESC [ I</c> as PageUp and <c>ESC [ O</c> as F3 (measured with TERM=xterm, through a
/// pseudo-terminal and in tmux), so that is how they arrive here. The room view binds neither key, so F3 is taken for
/// "focus lost"; PageUp, and any other key (someone is typing), for "focused".
/// </summary>
internal static class FocusReports
{
    public const string On = "\u001b[?1004h";
    public const string Off = "\u001b[?1004l";
    public const ConsoleKey Lost = ConsoleKey.F3;
    public const ConsoleKey Gained = ConsoleKey.PageUp;
}
