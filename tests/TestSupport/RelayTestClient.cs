using System.Net.Security;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using PyChat.Protocol;
using PyChat.Protocol.Frames;

namespace PyChat.TestSupport;

/// <summary>
/// A raw protocol client for tests: a ClientWebSocket that pins the relay's CA and offers
/// <c>pychat.v2</c>, sends and receives single frames, and signs logins with a <see cref="TestIdentity"/>.
/// Every receive has a generous timeout that only guards against a hung test.
/// </summary>
public sealed class RelayTestClient : IAsyncDisposable
{
    public static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);
    private readonly byte[] _buffer = new byte[1024 * 1024];

    // Frames read off the socket while waiting for a request's answer (room events, deliveries, a new
    // Hello), kept in arrival order for the next ReceiveAsync: a request helper never swallows them.
    private readonly Queue<byte[]> _unread = new();
    private uint _nextRequestId;

    // Set when the client connects through its own handler (a route): it owns the connection and goes with the client.
    private readonly HttpMessageInvoker? _invoker;

    private RelayTestClient(ClientWebSocket socket, HttpMessageInvoker? invoker = null)
    {
        Socket = socket;
        _invoker = invoker;
    }

    public ClientWebSocket Socket { get; }

    /// <summary>The latest Hello received; its challenge is the one to sign.</summary>
    public HelloFrame? Hello { get; private set; }

    public WebSocketCloseStatus? CloseStatus => Socket.CloseStatus;

    public uint NextRequestId() => ++_nextRequestId;

    /// <summary>Connects and reads the relay's first Hello.</summary>
    public static async Task<RelayTestClient> ConnectAsync(Uri uri, string caCertificatePath, CancellationToken cancellationToken = default)
    {
        var client = new RelayTestClient(CreateSocket(caCertificatePath));
        using var guard = GuardToken(cancellationToken);
        await client.Socket.ConnectAsync(uri, guard.Token);
        await client.ReceiveAsync<HelloFrame>(cancellationToken);
        return client;
    }

    /// <summary>
    /// Connects along <paramref name="route"/>: its bytes go on the TCP connection before the TLS handshake, its
    /// headers on the upgrade request. Then reads the relay's first Hello, like <see cref="ConnectAsync(Uri, string, CancellationToken)"/>.
    /// </summary>
    public static async Task<RelayTestClient> ConnectAsync(Uri uri, string caCertificatePath, RelayTestRoute route, CancellationToken cancellationToken = default)
    {
        var authority = X509CertificateLoader.LoadCertificateFromFile(caCertificatePath);
        var beforeTls = route.BeforeTls;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, token) =>
            {
                var tcp = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await tcp.ConnectAsync(context.DnsEndPoint, token);
                    var stream = new System.Net.Sockets.NetworkStream(tcp, ownsSocket: true);
                    await stream.WriteAsync(beforeTls, token);
                    return stream;
                }
                catch
                {
                    tcp.Dispose();
                    throw;
                }
            },
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, errors) => IsPinned(authority, certificate, errors) },
        };
        var invoker = new HttpMessageInvoker(handler);
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(ProtocolVersion.SubProtocol);
        foreach (var (name, value) in route.RequestHeaders)
        {
            socket.Options.SetRequestHeader(name, value);
        }

        var client = new RelayTestClient(socket, invoker);
        try
        {
            using var guard = GuardToken(cancellationToken);
            await socket.ConnectAsync(uri, invoker, guard.Token);
            await client.ReceiveAsync<HelloFrame>(cancellationToken);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>A ClientWebSocket that trusts only <paramref name="caCertificatePath"/> and checks the host name.</summary>
    public static ClientWebSocket CreateSocket(string caCertificatePath, string? subProtocol = ProtocolVersion.SubProtocol)
    {
        var authority = X509CertificateLoader.LoadCertificateFromFile(caCertificatePath);
        var socket = new ClientWebSocket();
        if (subProtocol is not null)
        {
            socket.Options.AddSubProtocol(subProtocol);
        }

        socket.Options.RemoteCertificateValidationCallback = (_, certificate, _, errors) => IsPinned(authority, certificate, errors);
        return socket;
    }

    public static bool IsPinned(X509Certificate2 authority, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0)
        {
            return false; // no certificate, or the name does not match
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var server = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(server);
    }

    public Task SendAsync(Frame frame, CancellationToken cancellationToken = default) => SendRawAsync(frame.Encode(), cancellationToken);

    public async Task SendRawAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default)
    {
        using var guard = GuardToken(cancellationToken);
        await Socket.SendAsync(bytes, WebSocketMessageType.Binary, endOfMessage: true, guard.Token);
    }

    public async Task SendTextAsync(string text, CancellationToken cancellationToken = default)
    {
        using var guard = GuardToken(cancellationToken);
        await Socket.SendAsync(System.Text.Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, guard.Token);
    }

    /// <summary>The next message's bytes, or null once the relay closed (see <see cref="CloseStatus"/>).</summary>
    public Task<byte[]?> ReceiveRawAsync(CancellationToken cancellationToken = default) =>
        _unread.TryDequeue(out var unread) ? Task.FromResult<byte[]?>(unread) : ReceiveFromSocketAsync(cancellationToken);

    private async Task<byte[]?> ReceiveFromSocketAsync(CancellationToken cancellationToken)
    {
        using var guard = GuardToken(cancellationToken);
        var length = 0;
        while (true)
        {
            var result = await Socket.ReceiveAsync(_buffer.AsMemory(length), guard.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                if (Socket.State == WebSocketState.CloseReceived)
                {
                    await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, guard.Token);
                }

                return null;
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                return _buffer.AsSpan(0, length).ToArray();
            }
        }
    }

    /// <summary>The next frame, decoded; a Hello also becomes <see cref="Hello"/>. Throws if the relay closed instead.</summary>
    public async Task<Frame> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        var bytes = await ReceiveRawAsync(cancellationToken)
            ?? throw new InvalidOperationException($"the relay closed the connection ({(int?)CloseStatus} {Socket.CloseStatusDescription})");
        var frame = Frame.Decode(bytes);
        if (frame is HelloFrame hello)
        {
            Hello = hello;
        }

        return frame;
    }

    /// <summary>
    /// The relay's answer to request <paramref name="requestId"/> (Ok, Error, RoomList or RoomJoined with that
    /// id). Whatever arrives before it stays queued for <see cref="ReceiveAsync(CancellationToken)"/>, so a
    /// test waits for the answer itself, not for "the next frame", which may be another member's event.
    /// </summary>
    public async Task<Frame> ReceiveAnswerAsync(uint requestId, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var bytes = await ReceiveFromSocketAsync(cancellationToken)
                ?? throw new InvalidOperationException($"the relay closed the connection ({(int?)CloseStatus} {Socket.CloseStatusDescription}) before answering request {requestId}");
            var frame = Frame.Decode(bytes);
            if (AnsweredRequest(frame) == requestId)
            {
                return frame;
            }

            _unread.Enqueue(bytes);
        }
    }

    private static uint? AnsweredRequest(Frame frame) => frame switch
    {
        OkFrame ok => ok.RequestId,
        ErrorFrame { RequestId: not 0 } error => error.RequestId,
        RoomListFrame list => list.RequestId,
        RoomJoinedFrame joined => joined.RequestId,
        PublishedFrame published => published.RequestId,
        RoomResumedFrame resumed => resumed.RequestId,
        _ => null,
    };

    /// <summary>Sends <paramref name="request"/> and returns the relay's answer to it (see <see cref="ReceiveAnswerAsync"/>).</summary>
    public async Task<Frame> RequestAsync(Frame request, uint requestId, CancellationToken cancellationToken = default)
    {
        await SendAsync(request, cancellationToken);
        return await ReceiveAnswerAsync(requestId, cancellationToken);
    }

    /// <summary>
    /// The next frame, which must be a <typeparamref name="T"/>. Acknowledgements of this client's own publishes are
    /// skipped unless asked for: a test that publishes waits for what the others see, not for its own acks.
    /// </summary>
    public async Task<T> ReceiveAsync<T>(CancellationToken cancellationToken = default)
        where T : Frame
    {
        while (true)
        {
            var frame = await ReceiveAsync(cancellationToken);
            if (frame is PublishedFrame && typeof(T) != typeof(PublishedFrame) && typeof(T) != typeof(Frame))
            {
                continue;
            }

            return frame as T ?? throw new InvalidOperationException($"expected {typeof(T).Name}, got {frame}");
        }
    }

    /// <summary>Reads (and discards) frames until the relay closes; returns the close code.</summary>
    public async Task<int?> ReceiveCloseAsync(CancellationToken cancellationToken = default)
    {
        while (await ReceiveRawAsync(cancellationToken) is not null)
        {
        }

        return (int?)CloseStatus;
    }

    /// <summary>Registers <paramref name="identity"/> with the current challenge and returns the answer (Ok or Error).</summary>
    public async Task<Frame> RegisterAsync(TestIdentity identity, CancellationToken cancellationToken = default)
    {
        var hello = Hello ?? throw new InvalidOperationException("no Hello yet");
        var transcript = AuthTranscript.Register(hello.RelayId.Span, hello.Challenge.Span, identity.Name, identity.PublicKey);
        var id = NextRequestId();
        return await RequestAsync(new RegisterFrame(id, identity.Name, identity.PublicKey, identity.Sign(transcript)), id, cancellationToken);
    }

    /// <summary>Logs in as <paramref name="identity"/> with the current challenge and returns the answer (Ok or Error).</summary>
    public async Task<Frame> LoginAsync(TestIdentity identity, CancellationToken cancellationToken = default)
    {
        var login = SignedLogin(identity);
        return await RequestAsync(login, login.RequestId, cancellationToken);
    }

    /// <summary>A Login frame signed over the current challenge.</summary>
    public LoginFrame SignedLogin(TestIdentity identity, string? user = null)
    {
        var hello = Hello ?? throw new InvalidOperationException("no Hello yet");
        var name = user ?? identity.Name;
        return new LoginFrame(NextRequestId(), name, identity.Sign(AuthTranscript.Login(hello.RelayId.Span, hello.Challenge.Span, name)));
    }

    /// <summary>An announcement of the size the relay accepts: kind 0x01, then <paramref name="fill"/>. The relay never looks inside.</summary>
    public static byte[] Announcement(byte fill = 0)
    {
        var announcement = new byte[ProtocolLimits.AnnouncementSize];
        announcement.AsSpan(1).Fill(fill);
        announcement[0] = 0x01;
        return announcement;
    }

    public async Task<Frame> CreateRoomAsync(string room, byte[]? announcement = null, CancellationToken cancellationToken = default)
    {
        var id = NextRequestId();
        return await RequestAsync(new CreateRoomFrame(id, room, announcement ?? Announcement()), id, cancellationToken);
    }

    public async Task<Frame> JoinRoomAsync(string room, byte[]? announcement = null, CancellationToken cancellationToken = default)
    {
        var id = NextRequestId();
        return await RequestAsync(new JoinRoomFrame(id, room, announcement ?? Announcement()), id, cancellationToken);
    }

    public async Task<Frame> LeaveRoomAsync(string room, CancellationToken cancellationToken = default)
    {
        var id = NextRequestId();
        return await RequestAsync(new LeaveRoomFrame(id, room), id, cancellationToken);
    }

    public async Task<RoomListFrame> ListRoomsAsync(CancellationToken cancellationToken = default)
    {
        var id = NextRequestId();
        var answer = await RequestAsync(new ListRoomsFrame(id), id, cancellationToken);
        return answer as RoomListFrame ?? throw new InvalidOperationException($"expected RoomListFrame, got {answer}");
    }

    /// <summary>Sends a Publish without waiting for its answer (the Published ack or an Error comes in the frame stream).</summary>
    public Task PublishAsync(string room, byte[] payload, CancellationToken cancellationToken = default) =>
        SendAsync(new PublishFrame(NextRequestId(), room, payload), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Socket.State == WebSocketState.Open)
        {
            try
            {
                using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, guard.Token);

                // Wait for the relay's close before closing the TCP connection: closing it at once can reset it, and a reset
                // discards what the relay has not read yet, our close frame among it (the relay would see a drop, not a leave).
                var buffer = new byte[4096];
                while ((await Socket.ReceiveAsync(buffer, guard.Token)).MessageType != WebSocketMessageType.Close)
                {
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
            }
        }

        Socket.Dispose();
        _invoker?.Dispose();
    }

    private static CancellationTokenSource GuardToken(CancellationToken cancellationToken)
    {
        var guard = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        guard.CancelAfter(Guard);
        return guard;
    }
}
