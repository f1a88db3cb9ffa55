namespace PyChat.Client;

/// <summary>
/// The connection to the relay could not be opened, broke, was closed by the relay, or the relay broke
/// the protocol. Every pending request and every room of the client fails with it.
/// </summary>
public sealed class PyChatConnectionException : PyChatException
{
    /// <summary>Creates the exception without a close code.</summary>
    public PyChatConnectionException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a close frame from the relay.</summary>
    public PyChatConnectionException(int closeCode, string? closeReason)
        : base($"The relay closed the connection: {closeCode}{(string.IsNullOrEmpty(closeReason) ? "" : $" ({closeReason})")}.")
    {
        CloseCode = closeCode;
        CloseReason = closeReason;
    }

    /// <summary>The WebSocket close code the relay sent (see <see cref="Protocol.CloseCode"/>), or null if it sent none.</summary>
    public int? CloseCode { get; }

    /// <summary>The close reason the relay sent, if any.</summary>
    public string? CloseReason { get; }

    /// <summary>Retrying cannot help (an untrusted relay, a refused login or protocol version, close 4002 or 4003): the client gives up.</summary>
    internal bool Permanent { get; init; }
}
