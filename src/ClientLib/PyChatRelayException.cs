using PyChat.Protocol;

namespace PyChat.Client;

/// <summary>The relay refused a request (an Error frame). The connection stays open.</summary>
public sealed class PyChatRelayException : PyChatException
{
    /// <summary>Creates the exception for an Error frame's code and message.</summary>
    public PyChatRelayException(ErrorCode code, string relayMessage)
        : base($"The relay refused the request: {code} ({relayMessage}).")
    {
        Code = code;
        RelayMessage = relayMessage;
    }

    /// <summary>Why the relay refused, e.g. <see cref="ErrorCode.RoomFull"/> or <see cref="ErrorCode.AuthenticationFailed"/>.</summary>
    public ErrorCode Code { get; }

    /// <summary>The human-readable message the relay sent with the code.</summary>
    public string RelayMessage { get; }
}
