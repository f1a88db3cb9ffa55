using System.Buffers;
using System.Net.WebSockets;
using PyChat.Client.Internal;
using PyChat.Protocol;
using PyChat.Protocol.Frames;

namespace PyChat.Client;

public sealed partial class PyChatClient
{
    // A Deliver frame is a Publish (at most maxFrameBytes) plus the room and sender names.
    private const int DeliverOverhead = 2 * (1 + ProtocolLimits.MaxNameLength) + 1;

    // The type byte and the u32 request id that start every answer.
    private const int AnswerHeadSize = 5;

    // Stands for a frame larger than the limit, read to its end and thrown away.
    private static readonly byte[] SkippedFrame = [];

    private long _droppedFrames;

    /// <summary>Frames from the relay that did not decode or could not be handled; they are skipped.</summary>
    internal long DroppedFrames => Interlocked.Read(ref _droppedFrames);

    /// <summary>
    /// The one reader of the socket.
    /// 1. Read one binary message (one frame), bounded by the relay's announced frame limit; a larger one
    ///    is read to its end, thrown away and counted (an answer among them fails its request).
    /// 2. Decode it; a frame that does not decode, or names a user or room against the naming rule, is
    ///    counted and skipped.
    /// 3. Answers (Ok, Error, RoomList, RoomJoined) complete the request with their id. RoomJoined first
    ///    hands the room its member list here, on the loop, so the room is ready before the next frame.
    /// 4. Room traffic (Deliver, MemberJoined, MemberLeft) goes to that room's session, in order; when the
    ///    room's event buffer is full this waits (backpressure) rather than dropping anything.
    /// 5. A new Hello (after a failed login) replaces the login challenge.
    /// 6. Answers to room publishes (Published, or an Error with their id) and RoomResumed go to their room, here
    ///    on the loop, so that the room's outbox sees them in the connection's order.
    /// When the socket closes or breaks, every pending request of this connection fails with the reason, and the
    /// reconnect supervisor takes over (<see cref="RelayLink.Lost"/>). So does any other failure while handling a
    /// frame (a Hello with another relay id, a bug): the loop never dies silently, and the socket is aborted so
    /// the relay sees this client go.
    /// </summary>
    private async Task ReceiveLoopAsync(RelayLink link)
    {
        PyChatConnectionException reason;
        try
        {
            while (true)
            {
                var bytes = await ReceiveFrameAsync(link, link.MaxFrameBytes + DeliverOverhead, link.Closing.Token).ConfigureAwait(false);
                if (bytes is null)
                {
                    reason = ClosedBy(link.Socket);
                    break;
                }

                if (ReferenceEquals(bytes, SkippedFrame))
                {
                    Interlocked.Increment(ref _droppedFrames);
                    continue;
                }

                _tap?.OnReceived(bytes);
                var frame = DecodeOrNull(bytes);
                if (frame is not null && RelayFrameCheck.HasValidNames(frame))
                {
                    await DispatchAsync(link, frame).ConfigureAwait(false);
                }
                else
                {
                    Interlocked.Increment(ref _droppedFrames);
                    FailMalformedAnswer(link, frame);
                }
            }
        }
        catch (PyChatConnectionException e)
        {
            reason = e;
        }
        catch (OperationCanceledException e)
        {
            reason = new PyChatConnectionException("The client was disposed.", e);
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException)
        {
            reason = new PyChatConnectionException("The connection to the relay was lost.", e);
        }
        catch (PyChatCertificateException e)
        {
            // A later Hello with another relay id: this is not the relay this client trusts. Never retried.
            reason = new PyChatConnectionException($"The client stopped handling the relay's frames: {e.Message}", e) { Permanent = true };
            link.Socket.Abort();
        }
        catch (Exception e)
        {
            // Not a network failure: this client cannot go on reading the relay's frames. Only the type
            // is named: the message could carry what a peer sent.
            reason = new PyChatConnectionException($"The client stopped handling the relay's frames ({e.GetType().Name}).", e);
            link.Socket.Abort();
        }

        link.Fail(reason);
    }

    /// <summary>
    /// Test hook: handles <paramref name="frame"/> as if the relay had sent it, e.g. to replay captured
    /// traffic into a session that should not be able to read it.
    /// </summary>
    internal async Task InjectReceivedFrameAsync(ReadOnlyMemory<byte> frame)
    {
        if (DecodeOrNull(frame.ToArray()) is { } decoded && RelayFrameCheck.HasValidNames(decoded))
        {
            await DispatchAsync(_link, decoded).ConfigureAwait(false);
        }
    }

    private async Task DispatchAsync(RelayLink link, Frame frame)
    {
        var token = link.Closing.Token;
        switch (frame)
        {
            case DeliverFrame deliver:
                await ToRoomAsync(deliver.Room, room => room.OnDeliverAsync(deliver, token)).ConfigureAwait(false);
                break;
            case MemberJoinedFrame joined:
                await ToRoomAsync(joined.Room, room => room.OnMemberJoinedAsync(joined, token)).ConfigureAwait(false);
                break;
            case MemberLeftFrame left:
                await ToRoomAsync(left.Room, room => room.OnMemberLeftAsync(left, token)).ConfigureAwait(false);
                break;
            case MemberAwayFrame away:
                await ToRoomAsync(away.Room, room => room.OnMemberAwayAsync(away, token)).ConfigureAwait(false);
                break;
            case MemberBackFrame back:
                await ToRoomAsync(back.Room, room => room.OnMemberBackAsync(back, token)).ConfigureAwait(false);
                break;
            case RoomJoinedFrame roomJoined:
                if (_rooms.TryGetValue(roomJoined.Room, out var entering))
                {
                    await entering.OnRoomJoinedAsync(roomJoined, link, token).ConfigureAwait(false);
                }

                link.Pending.Complete(roomJoined.RequestId, roomJoined);
                break;
            case RoomResumedFrame resumed:
                if (_rooms.TryGetValue(resumed.Room, out var resuming))
                {
                    await resuming.OnRoomResumedAsync(resumed, link, token).ConfigureAwait(false);
                }

                link.Pending.Complete(resumed.RequestId, resumed);
                break;
            case OkFrame ok:
                link.Pending.Complete(ok.RequestId, ok);
                break;
            case PublishedFrame published when link.Publishes.TryRemove(published.RequestId, out var entry):
                await entry.Room!.OnPublishedAsync(entry, link, published.Offset, token).ConfigureAwait(false);
                break;
            case PublishedFrame published:
                link.Pending.Complete(published.RequestId, published);
                break;
            case RoomListFrame list:
                link.Pending.Complete(list.RequestId, list);
                break;
            case ErrorFrame error when error.RequestId != 0 && link.Publishes.TryRemove(error.RequestId, out var refused):
                await refused.Room!.OnPublishRefusedAsync(refused, link, new PyChatRelayException(error.Code, error.Message), token).ConfigureAwait(false);
                break;
            case ErrorFrame error when error.RequestId != 0:
                link.Pending.Fail(error.RequestId, new PyChatRelayException(error.Code, error.Message));
                break;
            case ErrorFrame:
                // A refusal of a frame without a request id (one too large to read it from, say): nothing waits for it.
                Interlocked.Increment(ref _droppedFrames);
                break;
            case HelloFrame hello:
                CheckRelayId(hello);
                link.Challenge.Offer(hello.Challenge.Span);
                break;
            default:
                // A client → relay frame type sent our way: the relay never does this.
                Interlocked.Increment(ref _droppedFrames);
                break;
        }
    }

    private async Task ToRoomAsync(string name, Func<ChatRoom, Task> handle)
    {
        if (_rooms.TryGetValue(name, out var room))
        {
            await handle(room).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads one whole binary message; null when the relay closed the connection; <see cref="SkippedFrame"/>
    /// when it was larger than <paramref name="limit"/>. Such a frame is read to its end without being kept,
    /// so that one oversized frame costs neither memory nor the connection (and every room on it).
    /// </summary>
    private async Task<byte[]?> ReceiveFrameAsync(RelayLink link, int limit, CancellationToken cancellationToken)
    {
        var buffer = link.ReceiveBuffer;
        buffer.ResetWrittenCount();
        byte[]? head = null;
        while (true)
        {
            var result = await link.Socket.ReceiveAsync(buffer.GetMemory(4096), cancellationToken).ConfigureAwait(false);
            switch (result.MessageType)
            {
                case WebSocketMessageType.Close:
                    return null;
                case WebSocketMessageType.Text:
                    throw new PyChatConnectionException("The relay sent a text message; the protocol is binary only.");
            }

            buffer.Advance(result.Count);
            if (head is not null || buffer.WrittenCount > limit)
            {
                head ??= buffer.WrittenSpan[..Math.Min(AnswerHeadSize, buffer.WrittenCount)].ToArray();
                buffer.ResetWrittenCount();
            }

            if (result.EndOfMessage && head is not null)
            {
                FailOversizedAnswer(link, head, limit);
                return SkippedFrame;
            }

            if (result.EndOfMessage)
            {
                // A fresh array per frame: decoded frames are slices of it and outlive this call.
                return buffer.WrittenSpan.ToArray();
            }
        }
    }

    /// <summary>An answer that breaks the naming rule fails its request now rather than at its timeout.</summary>
    private void FailMalformedAnswer(RelayLink link, Frame? frame)
    {
        var id = frame switch
        {
            RoomJoinedFrame joined => joined.RequestId,
            RoomListFrame list => list.RequestId,
            _ => 0u,
        };
        if (id != 0)
        {
            link.Pending.Fail(id, new PyChatConnectionException($"The relay's answer to request {id} names a user or room that breaks the naming rule."));
        }
    }

    /// <summary>An oversized answer still names its request (type, then u32 request id): fail that request now rather than at its timeout.</summary>
    private void FailOversizedAnswer(RelayLink link, byte[] head, int limit)
    {
        if (head.Length == AnswerHeadSize
            && (FrameType)head[0] is FrameType.Ok or FrameType.Error or FrameType.RoomList or FrameType.RoomJoined or FrameType.Published or FrameType.RoomResumed)
        {
            var id = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(head.AsSpan(1));
            link.Pending.Fail(id, new PyChatConnectionException($"The relay's answer to request {id} was larger than {limit} bytes and was skipped."));
        }
    }

    private static Frame? DecodeOrNull(byte[] bytes)
    {
        try
        {
            return Frame.Decode(bytes);
        }
        catch (FrameFormatException)
        {
            return null;
        }
    }

    private static PyChatConnectionException ClosedBy(ClientWebSocket socket) =>
        socket.CloseStatus is { } status
            ? new PyChatConnectionException((int)status, socket.CloseStatusDescription)
            {
                // A newer login of this user took over, or too many failed logins: retrying would fight it or be refused again.
                Permanent = (int)status is CloseCode.SessionReplaced or CloseCode.TooManyFailedLogins,
            }
            : new PyChatConnectionException("The relay closed the connection without a close code.");
}
