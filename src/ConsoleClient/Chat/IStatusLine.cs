namespace PyChat.ConsoleClient.Chat;

/// <summary>An input that can show a short status before its prompt (the room view's windows and the connection).</summary>
internal interface IStatusLine
{
    /// <summary>
    /// Shows the status <paramref name="status"/> makes (empty: none), drawn again only when it changed. It is made under
    /// the input's lock, so that of two refreshes at once the later one's status is the one shown.
    /// </summary>
    void ShowStatus(Func<string> status);
}
