using System.Net;
using System.Net.Sockets;

namespace PyChat.TestSupport.Network;

/// <summary>
/// A TCP relay between one client and a server, for what a network does to a connection: <see cref="Freeze"/>
/// stops every byte both ways while the sockets stay open (a sleeping laptop, a frozen process, a dead Wi-Fi),
/// <see cref="Thaw"/> lets them flow again, and <see cref="Reset"/> cuts every connection at once. TLS passes
/// through untouched, so the client still checks the server's real certificate.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<Uri> _target;
    private readonly IPAddress? _sourceAddress;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(TcpClient Client, TcpClient Server)> _connections = [];
    private readonly Task _accepting;
    private volatile TaskCompletionSource _flowing = Flowing();
    private int _accepted;

    /// <param name="target">Where to connect each new connection (read anew each time: a restarted server may move).</param>
    /// <param name="sourceAddress">
    /// The local address the proxy connects from (default: the system's choice). Linux routes all of 127.0.0.0/8 to
    /// the loopback interface, so 127.0.0.2, 127.0.0.3 … give clients on one machine addresses of their own.
    /// </param>
    public TcpProxy(Func<Uri> target, IPAddress? sourceAddress = null)
    {
        _target = target;
        _sourceAddress = sourceAddress;
        _listener.Start();
        _accepting = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>How many connections the proxy has accepted: proof that a client really came through it.</summary>
    public int AcceptedConnections => Volatile.Read(ref _accepted);

    /// <summary>The target's WebSocket address with this proxy's port.</summary>
    public Uri Uri => new UriBuilder(_target()) { Port = Port }.Uri;

    /// <summary>Stops every byte in both directions, on open connections and new ones, until <see cref="Thaw"/>.</summary>
    public void Freeze()
    {
        if (_flowing.Task.IsCompleted)
        {
            _flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Thaw() => _flowing.TrySetResult();

    /// <summary>Cuts every open connection (a TCP reset to both ends); new ones are accepted as before.</summary>
    public void Reset()
    {
        lock (_connections)
        {
            foreach (var (client, server) in _connections)
            {
                Abort(client);
                Abort(server);
            }

            _connections.Clear();
        }
    }

    /// <summary>Closes with a TCP reset; a connection whose pump already closed it has nothing left to reset.</summary>
    private static void Abort(TcpClient connection)
    {
        if (connection.Client is { } socket)
        {
            try
            {
                socket.LingerState = new LingerOption(true, 0);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Already closed by the other side.
            }
        }

        connection.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Thaw();
        Reset();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private static TaskCompletionSource Flowing()
    {
        var flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        flowing.SetResult();
        return flowing;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _accepted);
            _ = Task.Run(() => ConnectAsync(client));
        }
    }

    private async Task ConnectAsync(TcpClient client)
    {
        var server = _sourceAddress is null ? new TcpClient() : new TcpClient(new IPEndPoint(_sourceAddress, 0));
        try
        {
            var target = _target();
            await server.ConnectAsync(target.Host, target.Port, _stop.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            client.Dispose(); // the server is down: the client sees its connection closed, as it would without the proxy
            server.Dispose();
            return;
        }

        lock (_connections)
        {
            _connections.Add((client, server));
        }

        await Task.WhenAll(PumpAsync(client, server), PumpAsync(server, client));
        lock (_connections)
        {
            _connections.Remove((client, server));
        }

        client.Dispose();
        server.Dispose();
    }

    private async Task PumpAsync(TcpClient from, TcpClient to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            var source = from.GetStream();
            var sink = to.GetStream();
            while (true)
            {
                var read = await source.ReadAsync(buffer, _stop.Token);
                await _flowing.Task.WaitAsync(_stop.Token); // frozen: what was read waits, and nothing more is read
                if (read == 0)
                {
                    to.Client.Shutdown(SocketShutdown.Send);
                    return;
                }

                await sink.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // One side went away (or the proxy stops): the other side is closed when both pumps end.
            from.Dispose();
            to.Dispose();
        }
    }
}
