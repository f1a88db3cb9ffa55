using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PyChat.Relay.Certificates;

/// <summary>The relay's loaded certificates: the CA clients pin and the server certificate Kestrel presents.</summary>
internal sealed class RelayCertificates(X509Certificate2 authority, X509Certificate2 server, string authorityPath)
{
    /// <summary>The CA certificate, public part only.</summary>
    public X509Certificate2 Authority { get; } = authority;

    /// <summary>The server certificate with its private key.</summary>
    public X509Certificate2 Server { get; } = server;

    /// <summary>Full path of ca.crt, the file clients pin.</summary>
    public string AuthorityPath { get; } = authorityPath;

    /// <summary>SHA-256 of the CA certificate's DER: the relay id of docs/PROTOCOL.md §2.</summary>
    public ReadOnlyMemory<byte> RelayId { get; } = SHA256.HashData(authority.RawData);

    /// <summary>What the TLS handshake sends after the server certificate.</summary>
    public X509Certificate2Collection Chain => [Authority];
}
