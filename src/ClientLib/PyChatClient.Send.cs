using System.Net.WebSockets;
using PyChat.Client.Internal;
using PyChat.Protocol.Frames;

namespace PyChat.Client;

public sealed partial class PyChatClient
{
    /// <summary>Test hook: sends bytes exactly as given, to inject malformed, replayed or oversized frames.</summary>
    internal Task SendRawFrameAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken = default)
    {
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _link.Outgoing.Writer.TryWrite(new OutgoingFrame(frame, written))
            ? written.Task.WaitAsync(cancellationToken)
            : Task.FromException(_closed ?? new PyChatConnectionException("The connection to the relay was lost."));
    }

    /// <summary>
    /// Writes a room's publish on <paramref name="link"/> with a fresh request id; its answer (Published, or an
    /// Error with the id) goes back to the entry's room from the receive loop. False when the link is gone.
    /// </summary>
    internal bool WritePublish(RelayLink link, ChatRoom room, OutboxEntry entry)
    {
        var id = link.Pending.NextId();
        entry.Room = room;
        entry.RequestId = id;
        entry.SentOn = link;
        entry.SentAt = _options.TimeProvider.GetTimestamp();
        entry.MaybeOrdered = true;
        link.Publishes[id] = entry;
        if (link.Post(new PublishFrame(id, room.Name, entry.Payload!).Encode()))
        {
            return true;
        }

        link.Publishes.TryRemove(id, out _);
        return false;
    }

    /// <summary>Counts a frame of ours the relay refused that nobody waits for (a session's Rekey).</summary>
    internal void CountDropped() => Interlocked.Increment(ref _droppedFrames);

    /// <summary>
    /// Sends a request with a fresh request id and waits for its answer, at most
    /// <see cref="PyChatClientOptions.RequestTimeout"/>. While the client reconnects it first waits for the
    /// connection (bounded by the same timeout).
    /// </summary>
    internal async Task<TAnswer> RequestAsync<TAnswer>(Func<uint, Frame> request, CancellationToken cancellationToken)
        where TAnswer : Frame
    {
        var link = await WaitForLinkAsync(cancellationToken).ConfigureAwait(false);
        return await RequestOnAsync<TAnswer>(link, request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A request on one given connection (login and resume on a new one, before the client uses it).</summary>
    internal async Task<TAnswer> RequestOnAsync<TAnswer>(RelayLink link, Func<uint, Frame> request, CancellationToken cancellationToken)
        where TAnswer : Frame
    {
        var (id, answer) = link.Pending.Register();
        try
        {
            link.Post(request(id).Encode());
            var frame = await answer.WaitAsync(_options.RequestTimeout, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            return frame as TAnswer
                ?? throw new PyChatConnectionException($"The relay answered request {id} with {frame.Type} instead of {typeof(TAnswer).Name}.");
        }
        catch (TimeoutException e)
        {
            throw new PyChatTimeoutException($"The relay did not answer within {_options.RequestTimeout.TotalSeconds:0.#} s.", e);
        }
        finally
        {
            link.Pending.Forget(id);
        }
    }

    /// <summary>The connection to use now; while reconnecting, waits (at most the request timeout) for the next one.</summary>
    private async Task<RelayLink> WaitForLinkAsync(CancellationToken cancellationToken)
    {
        Task connected;
        lock (_stateLock)
        {
            if (_closed is { } closed)
            {
                throw new PyChatConnectionException(closed.Message, closed);
            }

            if (_state == ConnectionState.Connected)
            {
                return _link;
            }

            connected = _connected.Task;
        }

        try
        {
            await connected.WaitAsync(_options.RequestTimeout, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new PyChatTimeoutException($"Not reconnected to the relay within {_options.RequestTimeout.TotalSeconds:0.#} s.", e);
        }

        return _link;
    }

    private async Task SendLoopAsync(RelayLink link)
    {
        OutgoingFrame? current = null;
        try
        {
            await foreach (var frame in link.Outgoing.Reader.ReadAllAsync(link.Closing.Token).ConfigureAwait(false))
            {
                current = frame;
                await link.Pacer.WaitAsync(link.Closing.Token).ConfigureAwait(false);
                _tap?.OnSending(frame.Bytes);
                await link.Socket.SendAsync(frame.Bytes, WebSocketMessageType.Binary, endOfMessage: true, link.Closing.Token).ConfigureAwait(false);
                frame.Written?.TrySetResult();
                current = null;
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException or PyChatConnectionException)
        {
            if (e is WebSocketException or IOException)
            {
                // A write that failed means the connection is broken even if the receive side has not noticed yet.
                link.Socket.Abort();
            }

            var error = _closed ?? new PyChatConnectionException("The connection to the relay was lost.", e);
            current?.Written?.TrySetException(error);
            link.Outgoing.Writer.TryComplete(error);
            while (link.Outgoing.Reader.TryRead(out var unsent))
            {
                unsent.Written?.TrySetException(error);
            }
        }
    }
}
