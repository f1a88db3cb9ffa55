namespace PyChat.Client;

/// <summary>
/// The relay could not be trusted: its certificate does not chain to the pinned CA, is not issued for
/// the host, or its relay id does not match the pinned CA. Never retried.
/// </summary>
public sealed class PyChatCertificateException : PyChatException
{
    /// <summary>Creates the exception with the reason the relay was not trusted.</summary>
    public PyChatCertificateException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
