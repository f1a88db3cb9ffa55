namespace PyChat.Protocol;

/// <summary>WebSocket close status codes the relay uses (RFC 6455 §7.4; 4000–4999 are ours).</summary>
public static class CloseCode
{
    /// <summary>The relay is shutting down (RFC 6455 1001).</summary>
    public const int GoingAway = 1001;
    /// <summary>The relay is restarting: reconnect and resume (RFC 6455 registry 1012, "service restart").</summary>
    public const int ServiceRestart = 1012;
    /// <summary>A WebSocket-level protocol violation (RFC 6455 1002).</summary>
    public const int ProtocolError = 1002;
    /// <summary>A text message: the protocol is binary only (RFC 6455 1003, "unsupported data").</summary>
    public const int UnsupportedData = 1003;
    /// <summary>Persistent abuse: far over the frame rate limit (RFC 6455 1008).</summary>
    public const int PolicyViolation = 1008;
    /// <summary>The connection did not drain its send queue: the relay will not let it stall a room.</summary>
    public const int SendQueueFull = 4000;
    /// <summary>No successful Register or Login within the login timeout.</summary>
    public const int LoginTimeout = 4001;
    /// <summary>The same user logged in on a newer connection.</summary>
    public const int SessionReplaced = 4002;
    /// <summary>Too many failed logins on this connection.</summary>
    public const int TooManyFailedLogins = 4003;
}
