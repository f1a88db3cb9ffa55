using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading.Channels;

namespace PyChat.TestSupport.Relays;

/// <summary>
/// A relay that speaks only what a test scripts: TLS with a given certificate, the WebSocket upgrade,
/// then raw binary frames both ways. For client tests that need a relay to misbehave on purpose.
/// </summary>
public sealed class FakeRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string? _subProtocol;
    private readonly Channel<FakeRelayConnection> _accepted = Channel.CreateUnbounded<FakeRelayConnection>();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<FakeRelayConnection> _connections = [];
    private readonly Task _acceptLoop;

    public FakeRelay(X509Certificate2 certificate, string? subProtocol = "pychat.v2")
    {
        Certificate = certificate;
        _subProtocol = subProtocol;
        _listener.Start();
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>The certificate the next TLS handshakes present (a test may swap it, e.g. for one the client does not trust).</summary>
    public X509Certificate2 Certificate { get; set; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public Uri WebSocketUri => new($"wss://127.0.0.1:{Port}/ws");

    /// <summary>TCP connections accepted so far, including failed handshakes.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    private int _attempts;

    /// <summary>Waits for the next client that completed TLS and the WebSocket upgrade.</summary>
    public async Task<FakeRelayConnection> AcceptAsync(CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        return await _accepted.Reader.ReadAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        lock (_connections)
        {
            foreach (var connection in _connections)
            {
                connection.Dispose();
            }
        }

        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            var tcp = await _listener.AcceptTcpClientAsync(_stopping.Token);
            Interlocked.Increment(ref _attempts);
            _ = Task.Run(() => HandshakeAsync(tcp));
        }
    }

    private async Task HandshakeAsync(TcpClient tcp)
    {
        var ssl = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        try
        {
            await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = Certificate }, _stopping.Token);
            var request = await ReadRequestAsync(ssl);
            var key = Header(request, "Sec-WebSocket-Key") ?? throw new InvalidOperationException("not a WebSocket upgrade");
            var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
            var response = new StringBuilder()
                .Append("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n")
                .Append("Sec-WebSocket-Accept: ").Append(accept).Append("\r\n");
            if (_subProtocol is not null)
            {
                response.Append("Sec-WebSocket-Protocol: ").Append(_subProtocol).Append("\r\n");
            }

            await ssl.WriteAsync(Encoding.ASCII.GetBytes(response.Append("\r\n").ToString()));
            var socket = WebSocket.CreateFromStream(ssl, new WebSocketCreationOptions { IsServer = true, SubProtocol = _subProtocol });
            var connection = new FakeRelayConnection(socket, tcp);
            lock (_connections)
            {
                _connections.Add(connection);
            }

            await _accepted.Writer.WriteAsync(connection);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException or InvalidOperationException)
        {
            await ssl.DisposeAsync();
            tcp.Dispose();
        }
    }

    private static async Task<string> ReadRequestAsync(Stream stream)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (bytes.Count < 16384)
        {
            if (await stream.ReadAsync(one) == 0)
            {
                throw new IOException("closed during the upgrade");
            }

            bytes.Add(one[0]);
            if (bytes.Count >= 4 && bytes[^1] == '\n' && bytes[^2] == '\r' && bytes[^3] == '\n' && bytes[^4] == '\r')
            {
                return Encoding.ASCII.GetString([.. bytes]);
            }
        }

        throw new IOException("upgrade request too long");
    }

    private static string? Header(string request, string name) =>
        request.Split("\r\n")
            .Where(line => line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))
            .Select(line => line[(name.Length + 1)..].Trim())
            .FirstOrDefault();
}
