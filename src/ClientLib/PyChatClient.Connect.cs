using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PyChat.Client.Internal;
using PyChat.Protocol;
using PyChat.Protocol.Frames;

namespace PyChat.Client;

public sealed partial class PyChatClient
{
    /// <summary>
    /// Opens a connection: TLS pinned to the relay's CA, WebSocket subprotocol <c>pychat.v2</c> without
    /// compression, then the relay's Hello, whose relay id must be SHA-256 of the pinned CA.
    /// Transient network errors are retried (<see cref="PyChatClientOptions.ConnectRetryAttempts"/>).
    /// </summary>
    /// <param name="options">Where the relay is and which CA to trust.</param>
    /// <param name="cancellationToken">Cancels the connect.</param>
    /// <returns>A connected client, not logged in yet.</returns>
    /// <exception cref="PyChatCertificateException">The relay's certificate or relay id does not match the pinned CA.</exception>
    /// <exception cref="PyChatConnectionException">The relay could not be reached or broke the protocol.</exception>
    /// <exception cref="PyChatTimeoutException">Not connected within <see cref="PyChatClientOptions.ConnectTimeout"/>.</exception>
    public static async Task<PyChatClient> ConnectAsync(PyChatClientOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var addresses = new RelayAddresses(options);

        var ownedCa = options.CaCertificate is null ? LoadCa(options.CaCertificatePath) : null;
        var ca = options.CaCertificate ?? ownedCa!;
        using var timeout = new CancellationTokenSource(options.ConnectTimeout, options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        RelayLink? link = null;
        try
        {
            var relayId = SHA256.HashData(ca.RawDataMemory.Span);
            var socket = await ConnectRetry.Create(options)
                .ExecuteAsync(async token => await OpenSocketAsync(options, addresses, ca, token).ConfigureAwait(false), linked.Token)
                .ConfigureAwait(false);
            link = new RelayLink(socket, options.TimeProvider);
            var client = new PyChatClient(options, addresses, ca, ownedCa, link, relayId);
            await client.ReadHelloAsync(link, linked.Token).ConfigureAwait(false);
            client.Start(link);
            client._supervisor = Task.Run(client.SuperviseAsync);
            return client;
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            link?.Dispose();
            ownedCa?.Dispose();
            throw new PyChatTimeoutException($"Could not connect to the relay within {options.ConnectTimeout.TotalSeconds:0.#} s.", e);
        }
        catch (Exception e) when (e is not PyChatException and not OperationCanceledException)
        {
            link?.Dispose();
            ownedCa?.Dispose();
            throw new PyChatConnectionException($"Could not connect to the relay at {addresses.Current}: {e.Message}", e);
        }
        catch
        {
            link?.Dispose();
            ownedCa?.Dispose();
            throw;
        }
    }

    private static X509Certificate2 LoadCa(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            throw new ArgumentException("Set CaCertificatePath or CaCertificate: the relay is trusted only through its pinned CA.", "options");
        }

        try
        {
            return X509CertificateLoader.LoadCertificateFromFile(path);
        }
        catch (CryptographicException e)
        {
            throw new PyChatCertificateException($"The CA certificate '{path}' could not be read.", e);
        }
    }

    /// <summary>Opens a socket to the current address; a failure moves <paramref name="addresses"/> on to the next.</summary>
    private static async Task<ClientWebSocket> OpenSocketAsync(PyChatClientOptions options, RelayAddresses addresses, X509Certificate2 ca, CancellationToken cancellationToken)
    {
        var uri = addresses.Current;
        try
        {
            return await OpenSocketAsync(options, uri, ca, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            addresses.Failed(uri);
            throw;
        }
    }

    private static async Task<ClientWebSocket> OpenSocketAsync(PyChatClientOptions options, Uri relayUri, X509Certificate2 ca, CancellationToken cancellationToken)
    {
        var validator = new RelayCertificateValidator(ca, relayUri.IdnHost);
        var socket = new ClientWebSocket();
        try
        {
            socket.Options.AddSubProtocol(ProtocolVersion.SubProtocol);
            // Our own keep-alive: a relay that is frozen or gone without a FIN is noticed within interval + timeout.
            socket.Options.KeepAliveInterval = options.KeepAliveInterval;
            socket.Options.KeepAliveTimeout = options.KeepAliveTimeout;
            socket.Options.DangerousDeflateOptions = null; // payloads are ciphertext; compression next to secrets is CRIME/BREACH
            socket.Options.RemoteCertificateValidationCallback = validator.Validate;
            socket.Options.CollectHttpResponseDetails = true;
            try
            {
                await socket.ConnectAsync(relayUri, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (validator.Failure is { } failure)
            {
                throw new PyChatCertificateException($"The relay at {relayUri} is not trusted: {failure}", e);
            }
            catch (Exception e) when (ConnectRetry.Find<System.Security.Authentication.AuthenticationException>(e) is not null)
            {
                throw new PyChatCertificateException($"The TLS handshake with the relay at {relayUri} failed.", e);
            }
            catch (WebSocketException e) when (socket.HttpStatusCode == System.Net.HttpStatusCode.BadRequest)
            {
                // The relay answers an upgrade without its subprotocol (an old or new protocol version) with 400.
                throw new PyChatConnectionException($"The relay at {relayUri} refused the upgrade to {ProtocolVersion.SubProtocol} (HTTP 400).", e) { Permanent = true };
            }

            if (socket.SubProtocol != ProtocolVersion.SubProtocol)
            {
                throw new PyChatConnectionException($"The relay did not accept the WebSocket subprotocol {ProtocolVersion.SubProtocol}.") { Permanent = true };
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task ReadHelloAsync(RelayLink link, CancellationToken cancellationToken)
    {
        var bytes = await ReceiveFrameAsync(link, ProtocolLimits.DefaultMaxFrameBytes, cancellationToken).ConfigureAwait(false)
            ?? throw ClosedBy(link.Socket);
        _tap?.OnReceived(bytes);
        if (DecodeOrNull(bytes) is not HelloFrame hello)
        {
            throw new PyChatConnectionException("The relay's first frame was not a Hello.");
        }

        if (hello.Version != ProtocolLimits.Version)
        {
            throw new PyChatConnectionException($"The relay speaks protocol version {hello.Version}; this client speaks {ProtocolLimits.Version}.") { Permanent = true };
        }

        CheckRelayId(hello);
        // The relay's limit is also what this client buffers per frame: a relay announcing up to 4 GiB must not
        // make it hold that much. Clamped, not refused: frames above the cap are skipped one by one (the
        // connection and every room on it stay), and an honest relay's limit is far below the cap.
        link.MaxFrameBytes = (int)Math.Min(hello.MaxFrameBytes, (uint)Math.Clamp(_options.MaxFrameBytes, 1, int.MaxValue / 2));
        link.Pacer.Configure(hello.FramesPerSecond, hello.FrameBurst);
        link.Challenge.Offer(hello.Challenge.Span);
    }

    private void CheckRelayId(HelloFrame hello)
    {
        // The id comes from the CA file we pin, never from the relay; a relay with a different CA
        // (or a man in the middle with one) is caught here even if TLS was somehow satisfied.
        if (!hello.RelayId.Span.SequenceEqual(_relayId))
        {
            throw new PyChatCertificateException(
                $"The relay's id {Convert.ToHexStringLower(hello.RelayId.Span)} does not match the pinned CA ({Convert.ToHexStringLower(_relayId)}).");
        }
    }

    private void Start(RelayLink link)
    {
        link.ReceiveLoop = Task.Run(() => ReceiveLoopAsync(link));
        link.SendLoop = Task.Run(() => SendLoopAsync(link));
    }
}
