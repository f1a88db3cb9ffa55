using System.Net.Security;

namespace PyChat.Relay.Hosting;

/// <summary>
/// The cipher suites the relay offers: TLS 1.3's three, and for TLS 1.2 only ECDHE-ECDSA with an AEAD
/// (AES-GCM, ChaCha20-Poly1305). The system default would also take TLS 1.2 CBC suites (e.g.
/// ECDHE-ECDSA-AES128-SHA256), whose MAC-then-encrypt construction is the root of Lucky13-style padding
/// oracles. ECDSA only, because the server key is ECDSA P-256. <see cref="CipherSuitesPolicy"/> is
/// honoured on Linux only; elsewhere the platform's defaults apply.
/// </summary>
internal static class TlsCipherSuites
{
    private static readonly TlsCipherSuite[] Allowed =
    [
        TlsCipherSuite.TLS_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    ];

    // One policy for every handshake (it is immutable); made only where it is supported.
    private static readonly CipherSuitesPolicy? Policy = CreatePolicy();

    /// <summary>Restricts <paramref name="options"/> to <see cref="Allowed"/> where the platform lets it.</summary>
    public static void Apply(SslServerAuthenticationOptions options)
    {
        if (OperatingSystem.IsLinux())
        {
            options.CipherSuitesPolicy = Policy;
        }
    }

    private static CipherSuitesPolicy? CreatePolicy() => OperatingSystem.IsLinux() ? new CipherSuitesPolicy(Allowed) : null;
}
