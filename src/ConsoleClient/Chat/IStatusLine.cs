namespace PyChat.ConsoleClient.Chat;

/// <summary>An input that can show a short status before its prompt (the room view's windows and the connection).</summary>
internal interface IStatusLine
{
    /// <summary>Shows <paramref name="status"/> (empty: none); drawn again only when it changed.</summary>
    void ShowStatus(string status);
}
