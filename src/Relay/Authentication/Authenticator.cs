using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PyChat.Protocol;
using PyChat.Protocol.Frames;
using PyChat.Relay.Certificates;
using PyChat.Relay.Connections;
using PyChat.Relay.Hosting;
using PyChat.Relay.Observability;
using PyChat.Relay.Registry;

namespace PyChat.Relay.Authentication;

/// <summary>
/// Register and Login, exactly as docs/PROTOCOL.md §4 has them: the signature covers the relay id and
/// this connection's single-use challenge; a login is checked against the key registered for the
/// name, never one the client names. Every attempt uses the challenge up; a failure is answered with
/// an Error and a new Hello, and too many close the connection with 4003.
/// </summary>
internal sealed partial class Authenticator(
    IUserRegistry registry,
    SessionDirectory sessions,
    HelloIssuer hellos,
    FailedLoginThrottle throttle,
    RegistrationThrottle registrations,
    RelayCertificates certificates,
    RelayMetrics metrics,
    IOptions<RelayOptions> options,
    ILogger<Authenticator> logger)
{
    private readonly int _maxFailures = options.Value.MaxFailedLoginsPerConnection;

    public async ValueTask RegisterAsync(RelayConnection connection, RegisterFrame frame, CancellationToken cancellationToken)
    {
        var result = await TryRegisterAsync(connection, frame, cancellationToken);
        metrics.RegistrationAnswered(result == AuthenticationResult.Succeeded);
        Answer(connection, frame.RequestId, frame.User, result);
    }

    public async ValueTask LoginAsync(RelayConnection connection, LoginFrame frame, CancellationToken cancellationToken)
    {
        var result = await TryLoginAsync(connection, frame, cancellationToken);
        metrics.LoginAnswered(result == AuthenticationResult.Succeeded);
        Answer(connection, frame.RequestId, frame.User, result);
    }

    private async ValueTask<AuthenticationResult> TryRegisterAsync(RelayConnection connection, RegisterFrame frame, CancellationToken cancellationToken)
    {
        if (connection.IsAuthenticated)
        {
            return AuthenticationResult.AlreadyAuthenticated;
        }

        var challenge = connection.Login.TakeChallenge();
        if (!throttle.IsAllowed(connection.RemoteAddress, frame.User) || !registrations.IsAllowed(connection.RemoteAddress))
        {
            return AuthenticationResult.RateLimited;
        }

        if (!Names.IsValid(frame.User))
        {
            return AuthenticationResult.InvalidName;
        }

        if (!IdentityKey.IsValid(frame.IdentityKey.Span))
        {
            return AuthenticationResult.InvalidKey;
        }

        if (challenge is null
            || !IdentityKey.Verify(frame.IdentityKey.Span, AuthTranscript.Register(certificates.RelayId.Span, challenge, frame.User, frame.IdentityKey.Span), frame.Signature.Span))
        {
            return AuthenticationResult.Failed;
        }

        var identityKey = frame.IdentityKey.ToArray();
        switch (await registry.RegisterAsync(frame.User, identityKey, cancellationToken))
        {
            case RegisterResult.NameTaken:
                return AuthenticationResult.NameTaken;
            case RegisterResult.StorageFull:
                return AuthenticationResult.StorageFull;
        }

        registrations.Record(connection.RemoteAddress);
        sessions.Activate(connection, frame.User, identityKey);
        Log.Registered(logger, frame.User);
        return AuthenticationResult.Succeeded;
    }

    private async ValueTask<AuthenticationResult> TryLoginAsync(RelayConnection connection, LoginFrame frame, CancellationToken cancellationToken)
    {
        if (connection.IsAuthenticated)
        {
            return AuthenticationResult.AlreadyAuthenticated;
        }

        var challenge = connection.Login.TakeChallenge();
        if (!throttle.IsAllowed(connection.RemoteAddress, frame.User))
        {
            return AuthenticationResult.RateLimited;
        }

        if (!Names.IsValid(frame.User))
        {
            return AuthenticationResult.InvalidName;
        }

        var identityKey = await registry.FindIdentityKeyAsync(frame.User, cancellationToken);
        if (identityKey is null || challenge is null
            || !IdentityKey.Verify(identityKey, AuthTranscript.Login(certificates.RelayId.Span, challenge, frame.User), frame.Signature.Span))
        {
            return AuthenticationResult.Failed;
        }

        sessions.Activate(connection, frame.User, identityKey);
        Log.LoggedIn(logger, frame.User);
        return AuthenticationResult.Succeeded;
    }

    private void Answer(RelayConnection connection, uint requestId, string user, AuthenticationResult result)
    {
        if (result == AuthenticationResult.Succeeded)
        {
            connection.Enqueue(new OkFrame(requestId).Encode());
            return;
        }

        var code = result.ToErrorCode();
        connection.Enqueue(new ErrorFrame(requestId, code, ErrorMessages.For(code)).Encode());
        if (result == AuthenticationResult.AlreadyAuthenticated)
        {
            return;
        }

        if (result == AuthenticationResult.Failed)
        {
            // Information: a failed login is worth an operator's eye, and the throttle bounds how many one address can cause.
            Log.Refused(logger, user, code);
            throttle.RecordFailure(connection.RemoteAddress, user);
        }
        else
        {
            Log.RefusedQuietly(logger, user, code); // anonymous clients choose how often; Debug keeps them out of the log
        }

        if (++connection.Login.FailedAttempts >= _maxFailures)
        {
            connection.RequestClose(CloseCode.TooManyFailedLogins, "too many failed logins");
        }
        else
        {
            connection.Enqueue(hellos.Issue(connection));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.Registered, LogLevel.Information, "Registered {User}")]
        public static partial void Registered(ILogger logger, string user);

        [LoggerMessage(EventIds.LoggedIn, LogLevel.Information, "{User} logged in")]
        public static partial void LoggedIn(ILogger logger, string user);

        [LoggerMessage(EventIds.AuthenticationRefused, LogLevel.Information, "Login or registration as {User} refused: {Code}")]
        public static partial void Refused(ILogger logger, string user, ErrorCode code);

        [LoggerMessage(EventIds.AuthenticationRefused, LogLevel.Debug, "Login or registration as {User} refused: {Code}")]
        public static partial void RefusedQuietly(ILogger logger, string user, ErrorCode code);
    }
}
