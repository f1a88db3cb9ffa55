namespace PyChat.Client;

/// <summary>
/// The root of every exception this library throws on purpose. Messages never contain message text,
/// keys or signatures.
/// </summary>
public abstract class PyChatException : Exception
{
    /// <summary>Creates the exception with a message and an optional cause.</summary>
    protected PyChatException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
