using PyChat.Client;
using PyChat.Client.Cryptography;
using PyChat.Protocol;

namespace PyChat.ConsoleClient;

/// <summary>
/// The one place that turns an exception from ClientLib or the system into a sentence and an exit code.
/// Failures that need context (which room, which user) are described where they happen; these are the rest.
/// </summary>
internal static class FailureMessages
{
    public static bool TryDescribe(Exception exception, out ExitCode exitCode, out string message)
    {
        (exitCode, message) = exception switch
        {
            PyChatCertificateException e => (ExitCode.CertificateNotTrusted, $"{e.Message} Check --ca: it must be the relay's own CA certificate."),
            PyChatConnectionException { CloseCode: 4002 } => (ExitCode.RelayUnreachable, "You logged in somewhere else; this session was closed."),
            PyChatConnectionException e => (ExitCode.RelayUnreachable, e.Message),
            PyChatTimeoutException e => (ExitCode.RelayUnreachable, e.Message),
            PyChatRelayException { Code: ErrorCode.RoomFull } => (ExitCode.RoomFull, "The room is full."),
            PyChatRelayException { Code: ErrorCode.UnknownRoom } => (ExitCode.UnknownRoom, "No active room has that name."),
            PyChatRelayException { Code: ErrorCode.NameTaken } => (ExitCode.NameTaken, "That user name is taken."),
            PyChatRelayException { Code: ErrorCode.AuthenticationFailed } => (ExitCode.AuthenticationFailed, "The relay refused the login."),
            PyChatRelayException { Code: ErrorCode.RoomExists } => (ExitCode.RoomExists, "A room with that name exists already."),
            PyChatRelayException { Code: ErrorCode.RateLimited } => (ExitCode.Other, "The relay is limiting this client: too many attempts. Wait a little."),
            PyChatException e => (ExitCode.Other, e.Message),
            IdentityKeyFileException e => (ExitCode.IdentityProblem, e.Message),
            UnauthorizedAccessException e => (ExitCode.Other, $"Permission denied: {e.Message}"),
            IOException e => (ExitCode.Other, $"File error: {e.Message}"),
            _ => (ExitCode.Other, ""),
        };
        return message.Length > 0;
    }
}
