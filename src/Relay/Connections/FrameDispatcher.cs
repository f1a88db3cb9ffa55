using Microsoft.Extensions.Logging;
using PyChat.Protocol;
using PyChat.Protocol.Frames;
using PyChat.Relay.Authentication;
using PyChat.Relay.Rooms;

namespace PyChat.Relay.Connections;

/// <summary>
/// Acts on one received frame: decodes it, checks that it may be sent now, and hands it to
/// authentication or the rooms. Every refusal is an Error to the sender only; nothing here closes
/// the connection or affects anyone else. Not even a bug: an unexpected exception while handling one
/// frame is answered with InternalError and logged by type only (its message could carry what the
/// client sent), and the connection goes on.
/// </summary>
internal sealed partial class FrameDispatcher(Authenticator authenticator, RoomDirectory rooms, ILogger<FrameDispatcher> logger)
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
                Answer(connection, create.RequestId, rooms.Create(connection, create.RequestId, create.Room, create.Announcement), answered: true);
                break;
            case JoinRoomFrame join:
                Answer(connection, join.RequestId, rooms.Join(connection, join.RequestId, join.Room, join.Announcement), answered: true);
                break;
            case LeaveRoomFrame leave:
                Answer(connection, leave.RequestId, rooms.Leave(connection, leave.Room), answered: false);
                break;
            case PublishFrame publish:
                // Publish has no request id and no answer on success.
                Answer(connection, 0, rooms.Publish(connection, publish.Room, bytes.Span), answered: true);
                break;
        }
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
                or FrameType.JoinRoom or FrameType.LeaveRoom => System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(frame[1..]),
            _ => 0,
        };
    }

    /// <summary>Success of Create/Join/Publish was answered by the rooms already; success of Leave is an Ok.</summary>
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
