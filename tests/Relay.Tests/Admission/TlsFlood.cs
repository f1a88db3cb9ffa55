using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using PyChat.TestSupport;

namespace PyChat.Relay.Tests.Admission;

/// <summary>
/// Many idle TLS connections to a relay on 127.0.0.1, the way an anonymous flood holds them: TCP connect,
/// TLS handshake, then nothing. Bounded in count, and every attempt in time (<see cref="Patience"/>);
/// every socket is closed on dispose.
/// </summary>
internal sealed class TlsFlood : IAsyncDisposable
{
    /// <summary>How long one attempt may take before it counts as refused; only bounds a hang.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly List<SslStream> _held = [];

    private TlsFlood()
    {
    }

    /// <summary>Connections that completed the handshake and are held open.</summary>
    public int Established
    {
        get
        {
            lock (_held)
            {
                return _held.Count;
            }
        }
    }

    /// <summary>Attempts the relay closed, or that did not get through within <see cref="Patience"/>.</summary>
    public int Refused { get; private set; }

    public static async Task<TlsFlood> OpenAsync(int port, string caCertificatePath, int count, int parallel = 32)
    {
        using var authority = X509CertificateLoader.LoadCertificateFromFile(caCertificatePath);
        var flood = new TlsFlood();
        using var gate = new SemaphoreSlim(parallel);
        var refused = 0;
        var attempts = Enumerable.Range(0, count).Select(async _ =>
        {
            await gate.WaitAsync();
            try
            {
                var stream = await TryConnectAsync(port, authority);
                if (stream is null)
                {
                    Interlocked.Increment(ref refused);
                    return;
                }

                lock (flood._held)
                {
                    flood._held.Add(stream);
                }
            }
            finally
            {
                gate.Release();
            }
        });
        await Task.WhenAll(attempts);
        flood.Refused = refused;
        return flood;
    }

    /// <summary>A TLS connection to the relay that pins its CA, or null if the relay refused or dropped it.</summary>
    public static async Task<SslStream?> TryConnectAsync(int port, X509Certificate2 authority)
    {
        using var patience = new CancellationTokenSource(Patience);
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        SslStream? stream = null;
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port, patience.Token);
            stream = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
            await stream.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = "localhost",
                    RemoteCertificateValidationCallback = (_, certificate, _, errors) => RelayTestClient.IsPinned(authority, certificate, errors),
                },
                patience.Token);
            return stream;
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
        {
            if (stream is not null)
            {
                await stream.DisposeAsync();
            }

            socket.Dispose();
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var stream in _held)
        {
            await stream.DisposeAsync();
        }

        _held.Clear();
    }
}
