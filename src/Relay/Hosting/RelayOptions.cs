namespace PyChat.Relay.Hosting;

/// <summary>The <c>Relay</c> configuration section. Defaults are the ones docs/PROTOCOL.md §8 lists.</summary>
internal sealed class RelayOptions
{
    public const string SectionName = "Relay";

    /// <summary>Where ca.crt/ca.key/server.crt/server.key live; relative paths are under the content root. Default <c>certs</c>.</summary>
    public string CertificateDirectory { get; set; } = "certs";

    /// <summary>Where the user registry (relay.db) and the room log (rooms.db) live; relative paths are under the content root. Default <c>data</c>.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Extra DNS names or IP addresses for the server certificate, besides localhost, 127.0.0.1 and ::1.</summary>
    public IList<string> HostNames { get; } = [];

    /// <summary>Largest frame accepted, announced in Hello. Default 65,536.</summary>
    public int MaxFrameBytes { get; set; } = 64 * 1024;

    /// <summary>Rooms one connection may be in at once (created or joined); more is refused with TooManyRooms. Default 16.</summary>
    public int MaxRoomsPerConnection { get; set; } = 16;

    /// <summary>
    /// Active rooms on the relay; CreateRoom past it is refused with TooManyRooms. Bounds memory and, with
    /// room names of at most 32 characters, keeps RoomList (35 bytes a room) within the default frame limit. Default 1,000.
    /// </summary>
    public int MaxRooms { get; set; } = 1000;

    /// <summary>Frames a connection's send queue holds before the connection is closed with 4000. Default 1,024.</summary>
    public int SendQueueCapacity { get; set; } = 1024;

    /// <summary>
    /// Bytes a connection's send queue holds before the connection is closed with 4000, so a slow
    /// receiver of large frames cannot pin <c>SendQueueCapacity × MaxFrameBytes</c> of memory. Default 4 MiB.
    /// </summary>
    public int SendQueueBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Sustained frames per second per connection. Default 200.</summary>
    public int FramesPerSecond { get; set; } = 200;

    /// <summary>Burst of frames per connection above the sustained rate. Default 400.</summary>
    public int FrameBurst { get; set; } = 400;

    /// <summary>
    /// Frames refused for the rate limit that a connection may accumulate (the count drains at
    /// <see cref="FramesPerSecond"/>) before it is closed with 1008. Default 800.
    /// </summary>
    public int FloodTolerance { get; set; } = 800;

    /// <summary>Time a connection has to register or log in before it is closed with 4001. Default 10 s.</summary>
    public TimeSpan LoginTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Failed logins per connection before it is closed with 4003. Default 5.</summary>
    public int MaxFailedLoginsPerConnection { get; set; } = 5;

    /// <summary>
    /// Failed logins one remote address may make per <see cref="FailedLoginWindow"/>, whatever the user names: the ceiling
    /// above <see cref="FailedLoginsPerAddressAndUser"/>, high enough that many users behind one NAT are not locked out together. Default 100.
    /// </summary>
    public int FailedLoginsPerAddress { get; set; } = 100;

    /// <summary>Failed logins one remote address may make as one user name per <see cref="FailedLoginWindow"/>. Default 10.</summary>
    public int FailedLoginsPerAddressAndUser { get; set; } = 10;

    /// <summary>The window of <see cref="FailedLoginsPerAddress"/> and <see cref="FailedLoginsPerAddressAndUser"/>. Default 1 minute.</summary>
    public TimeSpan FailedLoginWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Successful registrations one remote address may make per <see cref="RegistrationWindow"/>; more are refused with RateLimited. Default 20.</summary>
    public int RegistrationsPerAddress { get; set; } = 20;

    /// <summary>The window of <see cref="RegistrationsPerAddress"/>. Default 1 hour.</summary>
    public TimeSpan RegistrationWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// WebSocket ping interval. With <see cref="KeepAliveTimeout"/> it bounds how long a dead or frozen client goes
    /// unnoticed (at most the sum: 9 s by default), and so how long a frozen key hub can keep a joiner waiting. Default 4 s.
    /// </summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>How long a ping may go unanswered before the connection is dropped. Default 5 s.</summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the relay waits for a closing peer (drain, close handshake) before it aborts the socket. Default 5 s.</summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Kestrel's MaxConcurrentConnections: connections not upgraded to a WebSocket (in TLS or HTTP). Default: a quarter
    /// of what the open-file limit leaves for connections (the limit less max(128, limit / 8); 10,000 without a limit).
    /// </summary>
    public long? MaxConcurrentConnections { get; set; }

    /// <summary>Kestrel's MaxConcurrentUpgradedConnections: open WebSockets. Default: the other three quarters of the same budget.</summary>
    public long? MaxConcurrentUpgradedConnections { get; set; }

    /// <summary>
    /// Connections one client address (an IPv6 /64) may have open, upgraded or not; past it a new one is closed
    /// before TLS. 0 turns the cap off (behind a proxy that does not pass the client's address). Connections from a
    /// known proxy (<see cref="Proxying.ProxyOptions"/>) are not capped: each may carry any client. Default 50.
    /// </summary>
    public int MaxConnectionsPerAddress { get; set; } = 50;

    /// <summary>Time a connection has to complete the TLS handshake. Default 10 s.</summary>
    public TimeSpan TlsHandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time a client has to send a request's headers (the WebSocket upgrade) once it started one. Default 10 s.</summary>
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time a connection that is not a WebSocket may sit idle between requests (Kestrel's KeepAliveTimeout; its own default is 130 s). Default 10 s.</summary>
    public TimeSpan HttpKeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Largest the user registry (relay.db) may grow, in bytes (SQLite's max_page_count); past it, registrations are
    /// refused with InternalError exactly as on a full disk, and logins go on. 0: no cap but the disk. Default 0.
    /// Not used with <c>Relay:Registry:PostgreSql</c>, where the database's own quotas apply.
    /// </summary>
    public long MaxRegistryBytes { get; set; }

    /// <summary>
    /// How long the seat of a member whose connection ended without a leave (docs/PROTOCOL.md §5.1) is kept, away, for it
    /// to resume; then it leaves. Default 2 minutes.
    /// </summary>
    public TimeSpan AwayGracePeriod { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Where <c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c> answer, e.g. <c>http://127.0.0.1:9100</c> (several
    /// separated by <c>;</c>, as <c>Urls</c>): listeners of their own, without the PROXY protocol or the per-address cap,
    /// and then the public port serves the WebSocket only. Plain HTTP: keep them on loopback or a private network.
    /// Unset (the default): the three answer on the public port.
    /// </summary>
    public string? ManagementUrls { get; set; }

    /// <summary>The <c>Relay:Registry</c> section: SQLite in the data folder (the default) or a PostgreSQL database.</summary>
    public RegistryOptions Registry { get; } = new();

    /// <summary>The <c>Relay:Cluster</c> section: rooms in Redis, for several relay nodes.</summary>
    public ClusterOptions Cluster { get; } = new();

    /// <summary>The <c>Relay:RoomLog</c> section: how much of each room's order is kept for members that resume, and where.</summary>
    public RoomLogOptions RoomLog { get; } = new();

    /// <summary>The <c>Relay:Proxy</c> section: the proxies whose word about a client's address is believed, and how they give it.</summary>
    public Proxying.ProxyOptions Proxy { get; } = new();
}
