namespace PyChat.Relay;

/// <summary>The relay refused to start; the message names the file or setting and what is wrong with it.</summary>
public sealed class RelayStartupException : Exception
{
    public RelayStartupException()
    {
    }

    public RelayStartupException(string message)
        : base(message)
    {
    }

    public RelayStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
