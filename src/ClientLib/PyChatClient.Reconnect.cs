using PyChat.Client.Internal;

namespace PyChat.Client;

public sealed partial class PyChatClient
{
    /// <summary>
    /// The reconnect supervisor, one per client. It waits for the connection in use to end; then, unless the
    /// client is disposed, the failure is one retrying cannot fix (<see cref="ReconnectRetry.IsPermanent"/>) or the
    /// client never logged in, it reconnects: new WebSocket and TLS with the same pinning, the relay's Hello (same
    /// relay id), login again with the identity key, then every room resumes on the new connection. Attempts back
    /// off exponentially with jitter (<see cref="PyChatClientOptions.ReconnectDelay"/>, capped by
    /// <see cref="PyChatClientOptions.ReconnectMaxDelay"/>) for as long as the client lives.
    /// </summary>
    private async Task SuperviseAsync()
    {
        while (true)
        {
            var link = _link;
            var reason = await link.Lost.ConfigureAwait(false);
            if (_closed is not null)
            {
                return;
            }

            if (_login is not { } login || ReconnectRetry.IsPermanent(reason))
            {
                Close(reason);
                return;
            }

            lock (_stateLock)
            {
                if (_closed is not null)
                {
                    return;
                }

                _state = ConnectionState.Reconnecting;
                _connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            Emit(new ConnectionLost(_options.TimeProvider.GetUtcNow(), reason.Message));
            foreach (var room in _rooms.Values)
            {
                await room.OnLinkLostAsync(link).ConfigureAwait(false);
            }

            RelayLink next;
            try
            {
                next = await ReconnectAsync(reason, login, _closing.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_closing.IsCancellationRequested)
            {
                return; // disposed: DisposeAsync closed everything
            }
            catch (Exception e)
            {
                Close(e as PyChatConnectionException
                    ?? new PyChatConnectionException($"Reconnecting to the relay failed for good: {e.Message}", e) { Permanent = true });
                return;
            }

            TaskCompletionSource connected;
            lock (_stateLock)
            {
                if (_closed is not null)
                {
                    // Disposed just as the new connection came up: DisposeAsync closes the one it knew; close this one.
                    next.Socket.Abort();
                    next.Fail(_closed);
                    _ = DisposeLinkAsync(next);
                    return;
                }

                _link = next;
                _state = ConnectionState.Connected;
                connected = _connected;
            }

            _ = DisposeLinkAsync(link);
            Emit(new Reconnected(_options.TimeProvider.GetUtcNow()));
            connected.TrySetResult();
            foreach (var room in _rooms.Values)
            {
                room.Resume(next);
            }
        }
    }

    /// <summary>
    /// Retries <see cref="ReconnectOnceAsync"/> with the reconnect pipeline. The lost connection counts as the first
    /// failed attempt, so that even the first reconnect waits a (jittered) back-off: the clients of a relay that
    /// restarts do not all come back in the same instant.
    /// </summary>
    private async Task<RelayLink> ReconnectAsync(PyChatConnectionException lost, Login login, CancellationToken cancellationToken)
    {
        var first = true;
        var pipeline = ReconnectRetry.Create(
            _options,
            (attempt, delay) => Emit(new Reconnecting(_options.TimeProvider.GetUtcNow(), attempt, delay)),
            cancellationToken);
        return await pipeline.ExecuteAsync(
            async token =>
            {
                if (first)
                {
                    first = false;
                    throw lost;
                }

                return await ReconnectOnceAsync(login, token).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One attempt, within <see cref="PyChatClientOptions.ConnectTimeout"/>: connect, Hello, login.</summary>
    private async Task<RelayLink> ReconnectOnceAsync(Login login, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.ConnectTimeout, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        RelayLink? link = null;
        try
        {
            var socket = await OpenSocketAsync(_options, _addresses, _ca, linked.Token).ConfigureAwait(false);
            link = new RelayLink(socket, _options.TimeProvider);
            await ReadHelloAsync(link, linked.Token).ConfigureAwait(false);
            Start(link);
            try
            {
                await LoginOnAsync(link, login.User, login.Identity, linked.Token).ConfigureAwait(false);
            }
            catch (PyChatRelayException e) when (ReconnectRetry.IsPermanent(e))
            {
                throw new PyChatConnectionException($"The relay refused the login as '{login.User}' on reconnect: {e.Message}", e) { Permanent = true };
            }

            return link;
        }
        catch (Exception e)
        {
            if (link is not null)
            {
                link.Socket.Abort();
                await DisposeLinkAsync(link).ConfigureAwait(false);
            }

            if (e is OperationCanceledException && timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new PyChatTimeoutException($"Could not reconnect to the relay within {_options.ConnectTimeout.TotalSeconds:0.#} s.", e);
            }

            throw;
        }
    }

    /// <summary>Waits for a link's loops to end (its socket is closed or aborted), then frees it.</summary>
    private static async Task DisposeLinkAsync(RelayLink link)
    {
        await link.Closing.CancelAsync().ConfigureAwait(false);
        link.Socket.Abort();
        await Task.WhenAll(link.ReceiveLoop, link.SendLoop).ConfigureAwait(false);
        link.Dispose();
    }
}
