using PyChat.Client.Cryptography;
using PyChat.Client.Internal;
using PyChat.Protocol;
using PyChat.Protocol.Frames;

namespace PyChat.Client;

public sealed partial class PyChatClient
{
    /// <summary>
    /// Registers <paramref name="user"/> with the public half of <paramref name="identity"/> and logs in.
    /// The signature covers the relay id and this connection's challenge, so it is useless elsewhere.
    /// </summary>
    /// <param name="user">The user name (docs/PROTOCOL.md naming rule: lower case, 1–32 characters).</param>
    /// <param name="identity">
    /// The long-term identity key. The client uses it, does not own it: keep it alive while connected. It signs the
    /// login again on every reconnect (the client keeps the key, never a password).
    /// </param>
    /// <param name="cancellationToken">Cancels the wait for the relay's answer.</param>
    /// <exception cref="PyChatRelayException">Refused, e.g. <see cref="ErrorCode.NameTaken"/>.</exception>
    public async Task RegisterAsync(string user, IdentityKey identity, CancellationToken cancellationToken = default)
    {
        ValidateLogin(user, identity);
        var link = _link;
        var challenge = await TakeChallengeAsync(link, cancellationToken).ConfigureAwait(false);
        var spki = identity.PublicKey.SubjectPublicKeyInfo;
        var signature = identity.Sign(AuthTranscript.Register(_relayId, challenge, user, spki.Span));
        await RequestOnAsync<OkFrame>(link, id => new RegisterFrame(id, user, spki, signature), cancellationToken).ConfigureAwait(false);
        _login = new Login(user, identity);
    }

    /// <summary>
    /// Logs in as <paramref name="user"/>, proving possession of the identity key registered for it.
    /// After a refusal the relay sends a fresh challenge, which the next attempt uses.
    /// </summary>
    /// <param name="user">The registered user name.</param>
    /// <param name="identity">The identity key registered for <paramref name="user"/>. Kept alive by the caller while connected: every reconnect logs in with it again.</param>
    /// <param name="cancellationToken">Cancels the wait for the relay's answer.</param>
    /// <exception cref="PyChatRelayException">Refused, e.g. <see cref="ErrorCode.AuthenticationFailed"/> for an unknown user or the wrong key.</exception>
    public async Task LoginAsync(string user, IdentityKey identity, CancellationToken cancellationToken = default)
    {
        ValidateLogin(user, identity);
        await LoginOnAsync(_link, user, identity, cancellationToken).ConfigureAwait(false);
        _login = new Login(user, identity);
    }

    /// <summary>Signs the challenge of <paramref name="link"/> and logs in on it: by <see cref="LoginAsync"/>, and again on every reconnect.</summary>
    private async Task LoginOnAsync(RelayLink link, string user, IdentityKey identity, CancellationToken cancellationToken)
    {
        var challenge = await TakeChallengeAsync(link, cancellationToken).ConfigureAwait(false);
        var signature = identity.Sign(AuthTranscript.Login(_relayId, challenge, user));
        await RequestOnAsync<OkFrame>(link, id => new LoginFrame(id, user, signature), cancellationToken).ConfigureAwait(false);
    }

    private void ValidateLogin(string user, IdentityKey identity)
    {
        ValidateName(user, nameof(user));
        ArgumentNullException.ThrowIfNull(identity);
        if (_login is not null)
        {
            throw new InvalidOperationException($"This connection is already logged in as '{_login.User}'.");
        }
    }

    private async Task<byte[]> TakeChallengeAsync(RelayLink link, CancellationToken cancellationToken)
    {
        // After a failed attempt the old challenge is spent; wait (bounded) for the next Hello.
        try
        {
            return await link.Challenge.TakeAsync(cancellationToken)
                .WaitAsync(_options.RequestTimeout, _options.TimeProvider, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new PyChatTimeoutException("The relay sent no fresh login challenge.", e);
        }
    }

    private static void ValidateName(string name, string parameter)
    {
        ArgumentNullException.ThrowIfNull(name, parameter);
        if (!Names.IsValid(name))
        {
            throw new ArgumentException("Names are 1–32 characters of a–z, 0–9, '-', '_', '.', starting with a letter or digit.", parameter);
        }
    }
}
