namespace PyChat.Client.Cryptography;

/// <summary>
/// Reading or writing an identity key file failed. The message names the path and the reason,
/// never the password or any key material.
/// </summary>
public sealed class IdentityKeyFileException : Exception
{
    /// <summary>Creates an exception without details (prefer the constructor that takes an error).</summary>
    public IdentityKeyFileException()
        : this(IdentityKeyFileError.Corrupted, "identity key file error")
    {
    }

    /// <summary>Creates an exception with a message (reported as <see cref="IdentityKeyFileError.Corrupted"/>).</summary>
    /// <param name="message">The message; must not contain secrets.</param>
    public IdentityKeyFileException(string message)
        : this(IdentityKeyFileError.Corrupted, message)
    {
    }

    /// <summary>Creates an exception with a message and a cause (reported as <see cref="IdentityKeyFileError.Corrupted"/>).</summary>
    /// <param name="message">The message; must not contain secrets.</param>
    /// <param name="innerException">The cause.</param>
    public IdentityKeyFileException(string message, Exception? innerException)
        : this(IdentityKeyFileError.Corrupted, message, innerException)
    {
    }

    /// <summary>Creates an exception for <paramref name="error"/>.</summary>
    /// <param name="error">What went wrong.</param>
    /// <param name="message">The message, naming the path and the reason; must not contain secrets.</param>
    /// <param name="innerException">The cause, if any.</param>
    public IdentityKeyFileException(IdentityKeyFileError error, string message, Exception? innerException = null)
        : base(message, innerException) => Error = error;

    /// <summary>What went wrong.</summary>
    public IdentityKeyFileError Error { get; }

    internal static IdentityKeyFileException For(IdentityKeyFileError error, string path, string reason, Exception? innerException = null) =>
        new(error, $"Identity key file '{path}': {reason}", innerException);
}
