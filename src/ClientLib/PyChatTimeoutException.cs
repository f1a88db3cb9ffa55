namespace PyChat.Client;

/// <summary>A connect, a request or a wait for a room key took longer than the configured timeout.</summary>
public sealed class PyChatTimeoutException : PyChatException
{
    /// <summary>Creates the exception saying what timed out.</summary>
    public PyChatTimeoutException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
