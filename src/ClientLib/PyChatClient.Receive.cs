using System.Buffers;
using System.Net.WebSockets;
using PyChat.Protocol;
using PyChat.Protocol.Frames;

namespace PyChat.Client;

public sealed partial class PyChatClient
{
    // A Deliver frame is a Publish (at most maxFrameBytes) plus the room and sender names.
    private const int DeliverOverhead = 2 * (1 + ProtocolLimits.MaxNameLength) + 1;

    private readonly ArrayBufferWriter<byte> _receiveBuffer = new(4096);
    private int _maxFrameBytes = ProtocolLimits.DefaultMaxFrameBytes;
    private long _droppedFrames;

    /// <summary>Frames from the relay that did not decode or could not be handled; they are skipped.</summary>
    internal long DroppedFrames => Interlocked.Read(ref _droppedFrames);

    /// <summary>
    /// The one reader of the socket.
    /// 1. Read one binary message (one frame), bounded by the relay's announced frame limit.
    /// 2. Decode it; a frame that does not decode is counted and skipped.
    /// 3. Answers (Ok, Error, RoomList, RoomJoined) complete the request with their id. RoomJoined first
    ///    hands the room its member list here, on the loop, so the room is ready before the next frame.
    /// 4. Room traffic (Deliver, MemberJoined, MemberLeft) goes to that room's session, in order; when the
    ///    room's event buffer is full this waits (backpressure) rather than dropping anything.
    /// 5. A new Hello (after a failed login) replaces the login challenge.
    /// When the socket closes or breaks, every room and every pending request fails with the reason.
    /// </summary>
    private async Task ReceiveLoopAsync()
    {
        PyChatConnectionException reason;
        try
        {
            while (true)
            {
                var bytes = await ReceiveFrameAsync(_maxFrameBytes + DeliverOverhead, _closing.Token).ConfigureAwait(false);
                if (bytes is null)
                {
                    reason = ClosedBy(_socket);
                    break;
                }

                _tap?.OnReceived(bytes);
                if (DecodeOrNull(bytes) is { } frame)
                {
                    await DispatchAsync(frame).ConfigureAwait(false);
                }
                else
                {
                    Interlocked.Increment(ref _droppedFrames);
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

        OnConnectionLost(reason);
    }

    /// <summary>
    /// Test hook: handles <paramref name="frame"/> as if the relay had sent it, e.g. to replay captured
    /// traffic into a session that should not be able to read it.
    /// </summary>
    internal async Task InjectReceivedFrameAsync(ReadOnlyMemory<byte> frame)
    {
        if (DecodeOrNull(frame.ToArray()) is { } decoded)
        {
            await DispatchAsync(decoded).ConfigureAwait(false);
        }
    }

    private async Task DispatchAsync(Frame frame)
    {
        switch (frame)
        {
            case DeliverFrame deliver:
                await ToRoomAsync(deliver.Room, room => room.OnDeliverAsync(deliver, _closing.Token)).ConfigureAwait(false);
                break;
            case MemberJoinedFrame joined:
                await ToRoomAsync(joined.Room, room => room.OnMemberJoinedAsync(joined, _closing.Token)).ConfigureAwait(false);
                break;
            case MemberLeftFrame left:
                await ToRoomAsync(left.Room, room => room.OnMemberLeftAsync(left, _closing.Token)).ConfigureAwait(false);
                break;
            case RoomJoinedFrame roomJoined:
                if (_rooms.TryGetValue(roomJoined.Room, out var entering))
                {
                    await entering.OnRoomJoinedAsync(roomJoined, _closing.Token).ConfigureAwait(false);
                }

                _pending.Complete(roomJoined.RequestId, roomJoined);
                break;
            case OkFrame ok:
                _pending.Complete(ok.RequestId, ok);
                break;
            case RoomListFrame list:
                _pending.Complete(list.RequestId, list);
                break;
            case ErrorFrame error when error.RequestId != 0:
                _pending.Fail(error.RequestId, new PyChatRelayException(error.Code, error.Message));
                break;
            case ErrorFrame:
                // A refused Publish (no request id): rate limit, too large, not a member. The message it
                // refused is simply not delivered; the members' sequence checks tolerate the gap.
                Interlocked.Increment(ref _droppedFrames);
                break;
            case HelloFrame hello:
                CheckRelayId(hello);
                _challenge.Offer(hello.Challenge.Span);
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

    /// <summary>Reads one whole binary message; null when the relay closed the connection.</summary>
    private async Task<byte[]?> ReceiveFrameAsync(int limit, CancellationToken cancellationToken)
    {
        _receiveBuffer.ResetWrittenCount();
        while (true)
        {
            var result = await _socket.ReceiveAsync(_receiveBuffer.GetMemory(4096), cancellationToken).ConfigureAwait(false);
            switch (result.MessageType)
            {
                case WebSocketMessageType.Close:
                    return null;
                case WebSocketMessageType.Text:
                    throw new PyChatConnectionException("The relay sent a text message; the protocol is binary only.");
            }

            _receiveBuffer.Advance(result.Count);
            if (_receiveBuffer.WrittenCount > limit)
            {
                throw new PyChatConnectionException($"The relay sent a frame larger than {limit} bytes.");
            }

            if (result.EndOfMessage)
            {
                // A fresh array per frame: decoded frames are slices of it and outlive this call.
                return _receiveBuffer.WrittenSpan.ToArray();
            }
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
            : new PyChatConnectionException("The relay closed the connection without a close code.");
}
