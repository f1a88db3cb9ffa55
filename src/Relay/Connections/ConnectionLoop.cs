using System.Buffers;
using System.Net;
using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PyChat.Protocol;
using PyChat.Relay.Authentication;
using PyChat.Relay.Hosting;
using PyChat.Relay.Observability;
using PyChat.Relay.Rooms;

namespace PyChat.Relay.Connections;

/// <summary>Runs one accepted WebSocket from Hello to close.</summary>
internal sealed partial class ConnectionLoop(
    FrameDispatcher dispatcher,
    HelloIssuer hellos,
    RoomDirectory rooms,
    SessionDirectory sessions,
    ConnectionRegistry registry,
    IConnectionForwarding forwarding,
    RelayMetrics metrics,
    IOptions<RelayOptions> options,
    TimeProvider time,
    ILogger<ConnectionLoop> logger)
{
    private readonly RelayOptions _options = options.Value;

    /// <summary>
    /// The life of one connection:
    /// <list type="number">
    /// <item>Register it (so shutdown can reach it), start its send loop, queue Hello with a fresh challenge, arm the login timer (4001).</item>
    /// <item>Wait for each message with a zero-byte read (an idle connection holds no buffer), then receive it into a pooled buffer
    /// as long as the frame limit, returned after the frame is handled: text → close 1003; oversized → Error FrameTooLarge.</item>
    /// <item>Rate-limit each frame (RateLimited; 1008 when flooding), then decode and dispatch it. Answers and room events go out through
    /// send queues, never straight to a socket, so nobody waits for anybody else's network.</item>
    /// <item>Stop when the peer closes, the socket fails, or someone asks for a close (4000 slow receiver, 4001, 4002 newer session,
    /// 4003 failed logins, 1008, 1012 relay restarting).</item>
    /// <item>Leave every room if the peer closed with 1000 (the others get MemberLeft and, if needed, a new hub); any other end
    /// leaves its seats away for the grace period (MemberAway). Then release the session.</item>
    /// <item>Let the send loop drain and send the close frame, wait for the peer's close within <c>CloseTimeout</c>, abort otherwise.</item>
    /// </list>
    /// </summary>
    public async Task RunAsync(WebSocket socket, SendBatchingStream? batching, IPAddress? remoteAddress, CancellationToken aborted)
    {
        var connection = new RelayConnection(socket, remoteAddress, _options.SendQueueCapacity, batching, _options.SendQueueBytes);
        registry.Add(connection);
        metrics.ConnectionOpened();
        Log.Opened(logger, connection.Id, remoteAddress);
        using var loginTimer = time.CreateTimer(LoginTimedOut, connection, _options.LoginTimeout, Timeout.InfiniteTimeSpan);
        var sending = SendLoop.RunAsync(connection, metrics);
        connection.Enqueue(hellos.Issue(connection));
        var receiving = ReceiveLoopAsync(connection, aborted);
        try
        {
            await Task.WhenAny(receiving, connection.CloseRequested);
            if (connection.ClosedByPeerNormally)
            {
                rooms.LeaveAll(connection);
            }
            else
            {
                rooms.AwayAll(connection); // its seats wait for it to resume (docs/PROTOCOL.md §5.1)
            }

            sessions.Release(connection);
            forwarding.Ended(connection);
            connection.RequestClose((int)WebSocketCloseStatus.NormalClosure, string.Empty); // no-op if the relay asked first
            if (connection.CloseCode != (int)WebSocketCloseStatus.NormalClosure)
            {
                if (connection.User is null)
                {
                    Log.ClosingAnonymous(logger, connection.Id, connection.CloseCode, connection.CloseReason); // the client chooses how often
                }
                else
                {
                    Log.Closing(logger, connection.Id, connection.User, connection.CloseCode, connection.CloseReason);
                }
            }

            // The close timeout guards against a stuck socket, so it runs on real time even when tests fake the clock.
            var closeDeadline = Task.Delay(_options.CloseTimeout, TimeProvider.System, aborted);
            if (await Task.WhenAny(Task.WhenAll(sending, receiving), closeDeadline) == closeDeadline)
            {
                socket.Abort();
            }

            await Task.WhenAll(sending, receiving);
        }
        finally
        {
            socket.Abort();
            registry.Remove(connection);
            metrics.ConnectionClosed(connection.CloseCode);
            Log.Closed(logger, connection.Id, connection.User, connection.CloseCode);
        }
    }

    private async Task ReceiveLoopAsync(RelayConnection connection, CancellationToken aborted)
    {
        var limiter = new FrameRateLimiter(_options, time);
        try
        {
            while (true)
            {
                // Zero-byte read: the WebSocket, TLS and Kestrel all wait for data without a buffer.
                var start = await connection.Socket.ReceiveAsync(Memory<byte>.Empty, aborted);
                if (start.MessageType == WebSocketMessageType.Close)
                {
                    connection.PeerClosed();
                    return;
                }

                var buffer = ArrayPool<byte>.Shared.Rent(_options.MaxFrameBytes);
                try
                {
                    var frame = buffer.AsMemory(0, _options.MaxFrameBytes);
                    var message = await FrameReceiver.ReceiveAsync(connection.Socket, start, frame, aborted);
                    if (message.Kind == MessageKind.Close)
                    {
                        connection.PeerClosed();
                        return;
                    }

                    if (message.Kind == MessageKind.Frame)
                    {
                        metrics.FrameReceived(frame.Span[..message.Length]);
                    }

                    await HandleAsync(connection, limiter, message, frame, aborted);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            Log.Failed(logger, connection.Id, e.GetType().Name);
        }
    }

    private async ValueTask HandleAsync(RelayConnection connection, FrameRateLimiter limiter, ReceivedMessage message, Memory<byte> buffer, CancellationToken aborted)
    {
        if (connection.IsClosing)
        {
            return; // waiting for the peer's close; whatever else it sends is ignored
        }

        switch (message.Kind)
        {
            case MessageKind.Text:
                connection.RequestClose(CloseCode.UnsupportedData, "binary frames only");
                return;
            case MessageKind.TooLarge:
                await connection.Publishes.Drained; // answers keep the order of the requests
                dispatcher.Refuse(connection, 0, ErrorCode.FrameTooLarge);
                return;
        }

        switch (limiter.Next())
        {
            case FrameRateDecision.Refuse:
                var refused = FrameDispatcher.RequestIdOf(buffer.Span[..message.Length]);
                await connection.Publishes.Drained;
                dispatcher.Refuse(connection, refused, ErrorCode.RateLimited);
                return;
            case FrameRateDecision.Disconnect:
                connection.RequestClose(CloseCode.PolicyViolation, "flooding");
                return;
        }

        if (connection.IsAuthenticated && forwarding.TryForward(connection, buffer.Span[..message.Length]))
        {
            return;
        }

        var wasAuthenticated = connection.IsAuthenticated;
        await dispatcher.DispatchAsync(connection, buffer[..message.Length], aborted);
        if (!wasAuthenticated && connection.IsAuthenticated)
        {
            forwarding.Authenticated(connection);
        }
    }

    private static void LoginTimedOut(object? state)
    {
        var connection = (RelayConnection)state!;
        if (!connection.IsAuthenticated)
        {
            connection.RequestClose(CloseCode.LoginTimeout, "login timeout");
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.ConnectionOpened, LogLevel.Debug, "Connection {ConnectionId} opened from {RemoteAddress}")]
        public static partial void Opened(ILogger logger, long connectionId, IPAddress? remoteAddress);

        [LoggerMessage(EventIds.ClosingConnection, LogLevel.Information, "Closing connection {ConnectionId} ({User}) with {CloseCode}: {Reason}")]
        public static partial void Closing(ILogger logger, long connectionId, string? user, int closeCode, string reason);

        [LoggerMessage(EventIds.ClosingConnection, LogLevel.Debug, "Closing anonymous connection {ConnectionId} with {CloseCode}: {Reason}")]
        public static partial void ClosingAnonymous(ILogger logger, long connectionId, int closeCode, string reason);

        [LoggerMessage(EventIds.ConnectionClosed, LogLevel.Debug, "Connection {ConnectionId} ({User}) closed ({CloseCode})")]
        public static partial void Closed(ILogger logger, long connectionId, string? user, int closeCode);

        [LoggerMessage(EventIds.ConnectionFailed, LogLevel.Debug, "Connection {ConnectionId} ended: {Reason}")]
        public static partial void Failed(ILogger logger, long connectionId, string reason);
    }
}
