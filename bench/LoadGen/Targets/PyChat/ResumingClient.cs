using System.Diagnostics;
using System.Net.WebSockets;
using System.Threading.Channels;
using PyChat.Client.Cryptography;
using PyChat.Client.Internal.Payloads;
using PyChat.Protocol;
using PyChat.Protocol.Frames;

namespace PyChat.Bench.LoadGen.Targets.PyChat;

/// <summary>
/// One member of one room at the protocol level (docs/PROTOCOL.md §4, §5, §5.1), for the resume scenario: it
/// registers and creates or joins its room, remembers the room's log epoch and the highest offset it has seen
/// (from RoomJoined, every member frame, Deliver and Published), notices when the relay ends its connection, and
/// resumes by hand: a new connection, Hello, Login signed over the new challenge, ResumeRoom with that epoch and
/// offset, the replayed frames, RoomResumed. Everything is decoded (this is not a throughput client).
/// </summary>
internal sealed class ResumingClient : IAsyncDisposable
{
    private readonly BenchTargetOptions _options;
    private readonly CertificateTrust _trust;
    private readonly IdentityKey _identity = IdentityKey.Generate();
    private ClientWebSocket? _socket;
    private Channel<Frame> _answers = Channel.CreateUnbounded<Frame>();
    private Task _receiving = Task.CompletedTask;
    private TaskCompletionSource<ConnectionEnd> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private uint _nextRequest;
    private long _lastOffset;
    private int _disposing;

    public ResumingClient(BenchTargetOptions options, CertificateTrust trust, string user, string room)
    {
        _options = options;
        _trust = trust;
        User = user;
        Room = room;
    }

    /// <summary>How a connection ended: the relay's close status (null when the connection broke without one), and when (Stopwatch ticks).</summary>
    public readonly record struct ConnectionEnd(int? CloseStatus, long AtTicks);

    /// <summary>When each step of one resume completed, in Stopwatch ticks, and how many logged frames were replayed.</summary>
    public readonly record struct ResumeTimes(long Started, long Connected, long LoggedIn, long Resumed, int Replayed);

    public string User { get; }

    public string Room { get; }

    public ulong LogEpoch { get; private set; }

    /// <summary>The highest offset of <see cref="Room"/> this client has seen, on any of its connections.</summary>
    public ulong LastOffset => (ulong)Interlocked.Read(ref _lastOffset);

    /// <summary>Completes when the current connection ends other than by <see cref="DisposeAsync"/>.</summary>
    public Task<ConnectionEnd> Ended => _ended.Task;

    /// <summary>Register, then create <see cref="Room"/> (<paramref name="creator"/>) or join it.</summary>
    public async Task JoinAsync(bool creator, CancellationToken cancellationToken)
    {
        var hello = await ConnectAsync(cancellationToken);
        var spki = _identity.PublicKey.SubjectPublicKeyInfo;
        var signature = _identity.Sign(AuthTranscript.Register(hello.RelayId.Span, hello.Challenge.Span, User, spki.Span));
        await RequestAsync<OkFrame>(id => new RegisterFrame(id, User, spki, signature), "Register", cancellationToken);
        using var memberKey = EphemeralKeyPair.Generate();
        var announcement = new Announcement(memberKey.PublicKey).Encode(Room, User, _identity);
        var joined = await RequestAsync<RoomJoinedFrame>(
            id => creator ? new CreateRoomFrame(id, Room, announcement) : new JoinRoomFrame(id, Room, announcement),
            creator ? "CreateRoom" : "JoinRoom",
            cancellationToken);
        LogEpoch = joined.LogEpoch;
        SeeOffset(joined.Offset);
    }

    /// <summary>Publishes one Chat payload (epoch 1, encrypted under <paramref name="roomKey"/>, signed) and waits for its Published.</summary>
    public async Task PublishAsync(FernetKey roomKey, ulong sequence, CancellationToken cancellationToken)
    {
        var plaintext = BenchPayload.Create(0);
        var token = new byte[Fernet.GetTokenLength(plaintext.Length)];
        Fernet.Encrypt(roomKey, plaintext, DateTimeOffset.UtcNow, token.AsSpan());
        var payload = new ChatPayload(1, sequence, token).Encode(Room, User, _identity);
        var published = await RequestAsync<PublishedFrame>(id => new PublishFrame(id, Room, payload), "Publish", cancellationToken);
        SeeOffset(published.Offset);
    }

    /// <summary>
    /// A new connection, Login, ResumeRoom with the epoch and the last offset seen; returns once RoomResumed came
    /// (after the replayed frames). Throws with the relay's Error if the resume was refused.
    /// </summary>
    public async Task<ResumeTimes> ResumeAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var hello = await ConnectAsync(cancellationToken);
        var connected = Stopwatch.GetTimestamp();
        var signature = _identity.Sign(AuthTranscript.Login(hello.RelayId.Span, hello.Challenge.Span, User));
        await RequestAsync<OkFrame>(id => new LoginFrame(id, User, signature), "Login", cancellationToken);
        var loggedIn = Stopwatch.GetTimestamp();
        var from = LastOffset;
        var resumed = await RequestAsync<RoomResumedFrame>(id => new ResumeRoomFrame(id, Room, LogEpoch, from), "ResumeRoom", cancellationToken);
        var done = Stopwatch.GetTimestamp();
        SeeOffset(resumed.Offset);
        return new ResumeTimes(started, connected, loggedIn, done, (int)(resumed.Offset - Math.Min(from, resumed.Offset)));
    }

    public async ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref _disposing, 1);
        if (_socket is { } socket)
        {
            await WebSocketShutdown.CloseAndAbortAsync(socket);
            await _receiving;
            socket.Dispose();
        }

        _identity.Dispose();
    }

    private async Task<HelloFrame> ConnectAsync(CancellationToken cancellationToken)
    {
        _socket?.Dispose();
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(ProtocolVersion.SubProtocol);
        socket.Options.RemoteCertificateValidationCallback = _trust.Validate;
        socket.Options.KeepAliveInterval = TimeSpan.Zero; // the relay pings; the receive loop answers
        socket.Options.SetBuffer(4096, 4096);
        _answers = Channel.CreateUnbounded<Frame>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        _ended = new TaskCompletionSource<ConnectionEnd>(TaskCreationOptions.RunContinuationsAsynchronously);
        _socket = socket;
        await socket.ConnectAsync(_options.Url, cancellationToken);
        _receiving = Task.Run(() => ReceiveLoopAsync(socket, _answers.Writer, _ended), CancellationToken.None);
        return await ReadAnswerAsync<HelloFrame>("Hello", cancellationToken);
    }

    private async Task<T> RequestAsync<T>(Func<uint, Frame> request, string name, CancellationToken cancellationToken)
        where T : Frame
    {
        var frame = request(++_nextRequest).Encode();
        await _socket!.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
        return await ReadAnswerAsync<T>(name, cancellationToken);
    }

    private async Task<T> ReadAnswerAsync<T>(string request, CancellationToken cancellationToken)
        where T : Frame
    {
        Frame answer;
        try
        {
            answer = await _answers.Reader.ReadAsync(cancellationToken);
        }
        catch (ChannelClosedException)
        {
            var end = await _ended.Task;
            throw new WebSocketException($"{request}: the connection ended ({end.CloseStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no close frame"})");
        }

        return answer as T ?? throw new InvalidOperationException(
            answer is ErrorFrame error ? $"{request} refused: {error.Code} {error.Message}" : $"{request}: unexpected {answer.Type}");
    }

    private async Task ReceiveLoopAsync(ClientWebSocket socket, ChannelWriter<Frame> answers, TaskCompletionSource<ConnectionEnd> ended)
    {
        var buffer = new byte[70 * 1024];
        int? status = null;
        try
        {
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        status = (int?)socket.CloseStatus;
                        // Complete the relay's close handshake (with its own status: a close the client starts with
                        // 1000 would leave the room), so a relay shutting down does not wait for us.
                        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                        await socket.CloseOutputAsync(socket.CloseStatus ?? WebSocketCloseStatus.Empty, null, timeout.Token);
                        return;
                    }

                    length += result.Count;
                }
                while (!result.EndOfMessage);

                var frame = Frame.Decode(buffer.AsSpan(0, length).ToArray());
                switch (frame)
                {
                    case DeliverFrame deliver:
                        SeeOffset(deliver.Offset);
                        break;
                    case MemberJoinedFrame joined:
                        SeeOffset(joined.Offset);
                        break;
                    case MemberLeftFrame left:
                        SeeOffset(left.Offset);
                        break;
                    case MemberAwayFrame away:
                        SeeOffset(away.Offset);
                        break;
                    case MemberBackFrame back:
                        SeeOffset(back.Offset);
                        break;
                    default:
                        answers.TryWrite(frame); // Hello, Ok, Error, RoomJoined, RoomResumed, Published
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException or FrameFormatException)
        {
            // The connection broke (a killed relay), or we are closing it; a frame that does not decode ends it too.
        }
        finally
        {
            answers.TryComplete();
            if (Volatile.Read(ref _disposing) == 0)
            {
                ended.TrySetResult(new ConnectionEnd(status, Stopwatch.GetTimestamp()));
            }
        }
    }

    private void SeeOffset(ulong offset)
    {
        long seen;
        while ((ulong)(seen = Interlocked.Read(ref _lastOffset)) < offset)
        {
            Interlocked.CompareExchange(ref _lastOffset, (long)offset, seen);
        }
    }
}
