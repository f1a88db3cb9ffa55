namespace PyChat.TestSupport;

/// <summary>
/// How a <see cref="RelayTestClient"/> reaches the relay when it plays a client behind a proxy: bytes written on the
/// TCP connection before TLS (a PROXY protocol header, as a passthrough proxy sends it) and request headers on the
/// upgrade (X-Forwarded-For, as a TLS-terminating proxy sends it).
/// </summary>
public sealed record RelayTestRoute
{
    public ReadOnlyMemory<byte> BeforeTls { get; init; }

    public IReadOnlyDictionary<string, string> RequestHeaders { get; init; } = new Dictionary<string, string>();
}
