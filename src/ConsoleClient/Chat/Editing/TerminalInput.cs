namespace PyChat.ConsoleClient.Chat.Editing;

/// <summary>What the keyboard delivers once bracketed paste is decoded: a key, or a whole paste.</summary>
internal abstract record TerminalInput
{
    public sealed record Key(ConsoleKeyInfo Info) : TerminalInput;

    /// <summary>Everything between the terminal's paste markers, line breaks as <c>\n</c>.</summary>
    public sealed record Paste(string Text) : TerminalInput;
}
