using System.Security.Cryptography.X509Certificates;
using PyChat.Client.Internal;

namespace PyChat.Client;

/// <summary>
/// How a <see cref="PyChatClient"/> reaches and trusts a relay. Immutable: derive variants with
/// <c>with</c>, starting from <see cref="Default"/>.
/// </summary>
public sealed record PyChatClientOptions
{
    /// <summary>The defaults: a relay on <c>wss://127.0.0.1:7443/ws</c>; a CA must still be given.</summary>
    public static PyChatClientOptions Default { get; } = new();

    /// <summary>The relay's WebSocket endpoint. Default <c>wss://127.0.0.1:7443/ws</c>. Must be <c>wss</c>.</summary>
    public Uri RelayUri { get; init; } = new("wss://127.0.0.1:7443/ws");

    /// <summary>
    /// The other nodes of the relay's cluster (the same CA; docs/CLUSTER.md): when connecting or reconnecting to one
    /// address fails, the next is tried, in this order after <see cref="RelayUri"/>, round and round. Must be <c>wss</c>.
    /// Default none.
    /// </summary>
    public IReadOnlyList<Uri> FallbackRelayUris { get; init; } = [];

    /// <summary>
    /// Path of the relay's CA certificate (PEM or DER, the relay's <c>certs/ca.crt</c>). The relay's
    /// certificate must chain to it and no other root is trusted. Ignored when <see cref="CaCertificate"/>
    /// is set. Default none: one of the two is required.
    /// </summary>
    public string? CaCertificatePath { get; init; }

    /// <summary>The relay's CA certificate, when it is already loaded. Takes precedence over <see cref="CaCertificatePath"/>. Default none.</summary>
    public X509Certificate2? CaCertificate { get; init; }

    /// <summary>Longest time <see cref="PyChatClient.ConnectAsync"/> may take, retries and Hello included. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many times a connect that failed on a transient network error (connection refused or reset,
    /// host unreachable) is retried, with exponential back-off. Certificate failures are never retried. Default 3.
    /// </summary>
    public int ConnectRetryAttempts { get; init; } = 3;

    /// <summary>Delay before the first connect retry; doubles after each. Default 200 ms.</summary>
    public TimeSpan ConnectRetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The base delay of the automatic reconnect after a lost connection: the first attempt waits about this
    /// long, later ones exponentially longer, each with random jitter (so that the clients of a restarted relay do
    /// not all come back at once), at most <see cref="ReconnectMaxDelay"/>. The client reconnects until it is
    /// disposed; certificate failures, refused logins, close 4002 (the same user logged in elsewhere) and a refused
    /// protocol version are never retried. Default 1 s.
    /// </summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two reconnect attempts. Default 30 s.</summary>
    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many messages (<see cref="ChatRoom.SendAsync"/>) the client holds, over all its rooms, until the relay
    /// acknowledges them; while disconnected every send waits here and goes out once its room has resumed. A send
    /// past it fails at once with <see cref="PyChatOutboxFullException"/>. Default 1,000.
    /// </summary>
    public int OutboxCapacity { get; init; } = 1000;

    /// <summary>
    /// How often this client pings the relay (WebSocket ping). With <see cref="KeepAliveTimeout"/> it bounds how
    /// long a dead or frozen relay goes unnoticed: at most the sum of the two. Default 5 s.
    /// </summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a ping may go unanswered before this client gives the connection up as lost. Default 10 s.</summary>
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Longest wait for the relay's answer to a request (login, list, create, join, leave, a message's
    /// acknowledgement), and for a room key in <see cref="ChatRoom.SendAsync"/>. Default 10 s.
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The largest frame this client accepts from the relay, whatever <c>maxFrameBytes</c> the relay's Hello
    /// announces: a Hello above it is clamped to it. Default 1 MiB (the protocol's default limit is 64 KiB).
    /// </summary>
    public int MaxFrameBytes { get; init; } = 1024 * 1024;

    /// <summary>How often each room's timers (rekey by age, held-message expiry) are checked. Default 250 ms.</summary>
    public TimeSpan RoomTickInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Events each room buffers for <see cref="ChatRoom.ReadEventsAsync"/>. When a room's buffer is full the
    /// client stops reading from the relay until the application reads (nothing is dropped); a client that
    /// stays behind long enough is disconnected by the relay (close 4000). Default 1,024.
    /// </summary>
    public int EventChannelCapacity { get; init; } = 1024;

    /// <summary>Options of each room's end-to-end session (rekey policy, grace periods, TTL). Default <see cref="RoomSessionOptions.Default"/>.</summary>
    public RoomSessionOptions Rooms { get; init; } = RoomSessionOptions.Default;

    /// <summary>Where peers' identity keys are remembered across rooms. Default none: a new in-memory store per client.</summary>
    public IKnownPeers? KnownPeers { get; init; }

    /// <summary>The clock for timeouts, retries and room timers. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Test hook: sees every raw frame sent and received. Never set in production.</summary>
    internal IFrameTap? FrameTap { get; init; }
}
