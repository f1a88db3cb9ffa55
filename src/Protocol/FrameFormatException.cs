namespace PyChat.Protocol;

/// <summary>A frame that does not decode. The message says what is wrong, never what the frame held.</summary>
public sealed class FrameFormatException : FormatException
{
    public FrameFormatException()
    {
    }

    public FrameFormatException(string message)
        : base(message)
    {
    }

    public FrameFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The error code a relay answers with.</summary>
    public ErrorCode Code { get; init; } = ErrorCode.Malformed;
}
