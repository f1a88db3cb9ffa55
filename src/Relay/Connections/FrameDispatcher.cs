using Microsoft.Extensions.Logging;
using PyChat.Protocol;
using PyChat.Protocol.Frames;
using PyChat.Relay.Authentication;
using PyChat.Relay.Observability;
using PyChat.Relay.Rooms;

namespace PyChat.Relay.Connections;

/// <summary>
/// Acts on one received frame: decodes it, checks that it may be sent now, and hands it to
/// authentication or the rooms. Every refusal is an Error to the sender only; nothing here closes
/// the connection or affects anyone else. Not even a bug: an unexpected exception while handling one
/// frame is answered with InternalError and logged by type only (its message could carry what the
/// client sent), and the connection goes on.
/// </summary>
internal sealed partial class FrameDispatcher(Authenticator authenticator, RoomDirectory rooms, RelayMetrics metrics, ILogger<FrameDispatcher> logger)
{
    public async ValueTask DispatchAsync(RelayConnection connection, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        try
        {
            await DispatchFrameAsync(connection, bytes, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.FrameFailed(logger, connection.Id, connection.User, e.GetType().FullName);
            Refuse(connection, RequestIdOf(bytes.Span), ErrorCode.InternalError);
        }
    }

    private async ValueTask DispatchFrameAsync(RelayConnection connection, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        // Before any wait: the latency of a Publish includes waiting behind the connection's earlier ones.
        var receivedAt = !bytes.IsEmpty && bytes.Span[0] == (byte)FrameType.Publish ? metrics.PublishReceived() : 0;
        if (TryReadPublish(connection, bytes.Span, out var publishId, out var room, out var found))
        {
            await PublishAsync(connection, publishId, room, found, bytes, receivedAt);
            return;
        }

        // Whatever it is, its answer comes after those of the Publishes still waiting for the log.
        await connection.Publishes.Drained;

        Frame frame;
        try
        {
            frame = Frame.Decode(bytes);
        }
        catch (FrameFormatException e)
        {
            Refuse(connection, RequestIdOf(bytes.Span), e.Code);
            return;
        }

        if (((byte)frame.Type & 0x80) == 0)
        {
            // A relay → client type sent to the relay: wrong direction.
            Refuse(connection, 0, ErrorCode.Malformed);
            return;
        }

        switch (frame)
        {
            case RegisterFrame register:
                await authenticator.RegisterAsync(connection, register, cancellationToken);
                return;
            case LoginFrame login:
                await authenticator.LoginAsync(connection, login, cancellationToken);
                return;
        }

        if (!connection.IsAuthenticated)
        {
            Refuse(connection, RequestIdOf(bytes.Span), ErrorCode.NotAuthenticated);
            return;
        }

        switch (frame)
        {
            case ListRoomsFrame list:
                connection.Enqueue(new RoomListFrame(list.RequestId, rooms.List()).Encode());
                break;
            case CreateRoomFrame create:
                await AnswerAsync(connection, create.RequestId, rooms.Create(connection, create.RequestId, create.Room, create.Announcement), answered: true);
                break;
            case JoinRoomFrame join:
                await AnswerAsync(connection, join.RequestId, rooms.Join(connection, join.RequestId, join.Room, join.Announcement), answered: true);
                break;
            case LeaveRoomFrame leave:
                await AnswerAsync(connection, leave.RequestId, rooms.Leave(connection, leave.Room), answered: false);
                break;
            case ResumeRoomFrame resume:
                await AnswerAsync(connection, resume.RequestId, rooms.Resume(connection, resume.RequestId, resume.Room, resume.LogEpoch, resume.Offset), answered: true);
                break;
            case PublishFrame publish:
                await AnswerAsync(connection, publish.RequestId, rooms.Publish(connection, publish.RequestId, publish.Room, bytes.Span, receivedAt), answered: true);
                break;
        }
    }

    /// <summary>
    /// A Publish to the room the connection's other Publishes in flight go to (or with none in flight) goes ahead at once;
    /// one the room's log has not taken yet is acknowledged by the room when it has, so the receive loop reads on
    /// (<see cref="PublishPipeline"/>). Anything else is answered after what is in flight.
    /// </summary>
    private async ValueTask PublishAsync(RelayConnection connection, uint requestId, Room? room, RoomResult found, ReadOnlyMemory<byte> frame, long receivedAt)
    {
        if (room is null)
        {
            await connection.Publishes.Drained;
            Answer(connection, requestId, found, answered: true);
            return;
        }

        if (!connection.Publishes.Admits(room))
        {
            await connection.Publishes.Drained;
        }

        var outcome = room.Deliver(connection, requestId, frame.Span, receivedAt);
        if (outcome.Result == RoomResult.Succeeded && !outcome.Sent.IsCompleted)
        {
            await connection.Publishes.Add(room, outcome.Sent);
            return;
        }

        await connection.Publishes.Drained;
        await outcome.Sent;
        Answer(connection, requestId, outcome.Result, answered: true);
    }

    /// <summary>Waits until the frames the operation caused went out, so the answer to the next request cannot overtake them.</summary>
    private async ValueTask AnswerAsync(RelayConnection connection, uint requestId, RoomOutcome outcome, bool answered)
    {
        await outcome.Sent;
        Answer(connection, requestId, outcome.Result, answered);
    }

    /// <summary>
    /// Publish, the frame a relay mostly sees, without decoding it into objects: the room name is read
    /// from the frame's bytes into a stack buffer and looked up as characters, so routing allocates
    /// only the Deliver frame. Only the plain case is taken here (logged in, a room name of 1–32 ASCII
    /// bytes, all present); anything else goes the general way, which gives the same answers as before.
    /// </summary>
    private static bool TryReadPublish(RelayConnection connection, ReadOnlySpan<byte> frame, out uint requestId, out Room? found, out RoomResult result)
    {
        const int roomAt = PublishFrame.RoomFieldOffset;
        requestId = 0;
        found = null;
        result = default;
        if (frame.Length < roomAt + 1 || frame[0] != (byte)FrameType.Publish || !connection.IsAuthenticated)
        {
            return false;
        }

        var length = frame[roomAt];
        if (length is 0 or > ProtocolLimits.MaxNameLength || frame.Length < roomAt + 1 + length)
        {
            return false;
        }

        requestId = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(frame[1..]);
        var roomBytes = frame.Slice(roomAt + 1, length);
        Span<char> room = stackalloc char[ProtocolLimits.MaxNameLength];
        if (System.Text.Ascii.ToUtf16(roomBytes, room, out var written) != System.Buffers.OperationStatus.Done)
        {
            return false; // not ASCII: the general path decodes it (Malformed if it is not UTF-8 either)
        }

        result = RoomDirectory.FindForPublish(connection, room[..written], out found);
        return true;
    }

    /// <summary>Refuses a frame: an Error to its sender, nothing else.</summary>
    public void Refuse(RelayConnection connection, uint requestId, ErrorCode code)
    {
        Log.FrameRefused(logger, connection.Id, connection.User, code);
        connection.Enqueue(new ErrorFrame(requestId, code, ErrorMessages.For(code)).Encode());
    }

    /// <summary>The request id of a frame that could not be decoded, if its type has one and it is there.</summary>
    public static uint RequestIdOf(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < 5)
        {
            return 0;
        }

        return (FrameType)frame[0] switch
        {
            FrameType.Register or FrameType.Login or FrameType.ListRooms or FrameType.CreateRoom
                or FrameType.JoinRoom or FrameType.LeaveRoom or FrameType.ResumeRoom or FrameType.Publish => System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(frame[1..]),
            _ => 0,
        };
    }

    /// <summary>Success of Create/Join/Publish was answered by the rooms already (RoomJoined, Published); success of Leave is an Ok.</summary>
    private void Answer(RelayConnection connection, uint requestId, RoomResult result, bool answered)
    {
        switch (result)
        {
            case RoomResult.Succeeded when !answered:
                connection.Enqueue(new OkFrame(requestId).Encode());
                break;
            case RoomResult.Succeeded or RoomResult.ConnectionClosing:
                break;
            default:
                Refuse(connection, requestId, ToErrorCode(result));
                break;
        }
    }

    private static ErrorCode ToErrorCode(RoomResult result) => result switch
    {
        RoomResult.InvalidName => ErrorCode.InvalidName,
        RoomResult.RoomExists => ErrorCode.RoomExists,
        RoomResult.UnknownRoom => ErrorCode.UnknownRoom,
        RoomResult.RoomFull => ErrorCode.RoomFull,
        RoomResult.AlreadyMember => ErrorCode.AlreadyMember,
        RoomResult.InvalidAnnouncement => ErrorCode.InvalidKey,
        RoomResult.TooManyRooms => ErrorCode.TooManyRooms,
        RoomResult.ResumeGap => ErrorCode.ResumeGap,
        _ => ErrorCode.NotMember,
    };

    private static partial class Log
    {
        [LoggerMessage(EventIds.FrameRefused, LogLevel.Debug, "Connection {ConnectionId} ({User}): frame refused with {Code}")]
        public static partial void FrameRefused(ILogger logger, long connectionId, string? user, ErrorCode code);

        [LoggerMessage(EventIds.FrameFailed, LogLevel.Error, "Connection {ConnectionId} ({User}): handling a frame failed with {ExceptionType}; the frame was dropped")]
        public static partial void FrameFailed(ILogger logger, long connectionId, string? user, string? exceptionType);
    }
}
