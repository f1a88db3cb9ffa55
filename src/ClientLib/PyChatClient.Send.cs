using System.Net.WebSockets;
using PyChat.Client.Internal;
using PyChat.Protocol.Frames;

namespace PyChat.Client;

public sealed partial class PyChatClient
{
    /// <summary>
    /// Queues a frame for the send loop, which is the socket's only writer (a WebSocket allows one send
    /// at a time). The queue is FIFO, so frames leave in the order they were queued. Fire and forget: a
    /// frame queued after the connection is lost is dropped, and the loss surfaces everywhere else.
    /// </summary>
    internal void Post(ReadOnlyMemory<byte> frame) => _outgoing.Writer.TryWrite(new OutgoingFrame(frame, null));

    /// <summary>Queues a frame like <see cref="Post"/>; the task completes once it is on the socket.</summary>
    internal Task SendAsync(ReadOnlyMemory<byte> frame)
    {
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _outgoing.Writer.TryWrite(new OutgoingFrame(frame, written))
            ? written.Task
            : Task.FromException(_closed ?? new PyChatConnectionException("The client was disposed."));
    }

    /// <summary>
    /// Publishes <paramref name="payload"/> to <paramref name="room"/>: queued now (so it keeps its place among the
    /// frames the caller queues after it), completed by the relay's acknowledgement with the message's offset, or
    /// failed with the relay's reason (<see cref="PyChatRelayException"/>: rate limit, not a member, too large).
    /// </summary>
    internal Task<PublishedFrame> PublishAsync(string room, byte[] payload, CancellationToken cancellationToken) =>
        RequestAsync<PublishedFrame>(id => new PublishFrame(id, room, payload), cancellationToken);

    /// <summary>
    /// A publish nobody waits for (a session's Rekey or re-send): queued in order; a refusal is counted, not thrown;
    /// the acknowledgement's offset goes to <paramref name="published"/>.
    /// </summary>
    internal void PublishInBackground(string room, byte[] payload, Action<ulong> published) =>
        _ = PublishAsync(room, payload, CancellationToken.None).ContinueWith(
            t =>
            {
                if (t.IsCompletedSuccessfully)
                {
                    published(t.Result.Offset);
                    return;
                }

                _ = t.Exception;
                Interlocked.Increment(ref _droppedFrames);
            },
            CancellationToken.None,
            TaskContinuationOptions.None,
            TaskScheduler.Default);

    /// <summary>Test hook: sends bytes exactly as given, to inject malformed, replayed or oversized frames.</summary>
    internal Task SendRawFrameAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken = default) =>
        SendAsync(frame).WaitAsync(cancellationToken);

    /// <summary>
    /// Sends a request with a fresh request id and waits for its answer, at most
    /// <see cref="PyChatClientOptions.RequestTimeout"/>.
    /// </summary>
    internal async Task<TAnswer> RequestAsync<TAnswer>(Func<uint, Frame> request, CancellationToken cancellationToken)
        where TAnswer : Frame
    {
        var (id, answer) = _pending.Register();
        try
        {
            Post(request(id).Encode());
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
            _pending.Forget(id);
        }
    }

    private async Task SendLoopAsync()
    {
        OutgoingFrame? current = null;
        try
        {
            await foreach (var frame in _outgoing.Reader.ReadAllAsync(_closing.Token).ConfigureAwait(false))
            {
                current = frame;
                await _pacer.WaitAsync(_closing.Token).ConfigureAwait(false);
                _tap?.OnSending(frame.Bytes);
                await _socket.SendAsync(frame.Bytes, WebSocketMessageType.Binary, endOfMessage: true, _closing.Token).ConfigureAwait(false);
                frame.Written?.TrySetResult();
                current = null;
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException or PyChatConnectionException)
        {
            var error = _closed ?? new PyChatConnectionException("The connection to the relay was lost.", e);
            current?.Written?.TrySetException(error);
            _outgoing.Writer.TryComplete(error);
            while (_outgoing.Reader.TryRead(out var unsent))
            {
                unsent.Written?.TrySetException(error);
            }
        }
    }
}
