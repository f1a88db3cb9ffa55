namespace PyChat.Relay.Proxying;

/// <summary>Why a known proxy's connection was closed before TLS.</summary>
internal enum ProxyHeaderRefusal
{
    /// <summary>The first bytes are not a PROXY header (TLS straight away, say) or a malformed or oversized one.</summary>
    Malformed,

    /// <summary>The connection ended before a whole header arrived.</summary>
    EndedEarly,

    /// <summary>No whole header within <c>Relay:TlsHandshakeTimeout</c>.</summary>
    TimedOut,
}
