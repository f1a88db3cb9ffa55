using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PyChat.Relay.Certificates;

/// <summary>
/// Makes the relay's own CA (ECDSA P-256, CA:true critical, pathLen 0, keyCertSign|cRLSign, 10 years)
/// and the server certificates it issues (ECDSA P-256, serverAuth, one year, SANs for loopback plus
/// the configured host names; or, for a TLS-terminating proxy, exactly the proxy's names). Clients pin
/// the CA, so the CA is the trust anchor; pathLen 0 means it can only sign end-entity certificates.
/// </summary>
internal static class CertificateAuthority
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromHours(1);
    private static readonly TimeSpan AuthorityLifetime = TimeSpan.FromDays(3650);
    private static readonly TimeSpan ServerLifetime = TimeSpan.FromDays(365);
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1", "Server Authentication");

    /// <summary>A new self-signed CA certificate with its private key.</summary>
    public static X509Certificate2 CreateAuthority(DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName("CN=PyChat Relay CA, O=PyChat"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var notBefore = now - ClockSkew;
        return request.CreateSelfSigned(notBefore, notBefore + AuthorityLifetime);
    }

    /// <summary>A new server certificate issued by <paramref name="authority"/> (which must carry its private key).</summary>
    public static X509Certificate2 IssueServerCertificate(X509Certificate2 authority, IEnumerable<string> hostNames, DateTimeOffset now)
    {
        var names = new List<string> { "localhost", "127.0.0.1", "::1" };
        names.AddRange(hostNames.Select(n => n.Trim()).Where(n => n.Length > 0 && !names.Contains(n, StringComparer.OrdinalIgnoreCase)));
        return Issue(authority, names, names.Count > 3 ? names[3] : "localhost", now);
    }

    /// <summary>
    /// A server certificate for a TLS-terminating proxy in front of the relay, issued by <paramref name="authority"/>:
    /// the same profile as the relay's own, but its SANs are exactly <paramref name="hostNames"/> (the names clients
    /// dial), not loopback, since the proxy is reached from outside.
    /// </summary>
    public static X509Certificate2 IssueProxyCertificate(X509Certificate2 authority, IReadOnlyList<string> hostNames, DateTimeOffset now)
    {
        var names = hostNames.Select(n => n.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (names.Count == 0)
        {
            throw new ArgumentException("a proxy certificate needs at least one host name", nameof(hostNames));
        }

        return Issue(authority, names, names[0], now);
    }

    private static X509Certificate2 Issue(X509Certificate2 authority, IReadOnlyList<string> names, string commonName, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedName($"CN={commonName}, O=PyChat");
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuthentication], critical: false));
        request.CertificateExtensions.Add(SubjectAlternativeNames(names));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, includeKeyIdentifier: true, includeIssuerAndSerial: false));

        var notBefore = now - ClockSkew;
        var notAfter = notBefore + ServerLifetime;
        if (notAfter > authority.NotAfter)
        {
            notAfter = authority.NotAfter;
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive INTEGER
        using var issued = request.Create(authority, notBefore, notAfter, serial);
        return issued.CopyWithPrivateKey(key);
    }

    private static X509Extension SubjectAlternativeNames(IEnumerable<string> names)
    {
        var builder = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            if (IPAddress.TryParse(name, out var address))
            {
                builder.AddIpAddress(address);
            }
            else
            {
                builder.AddDnsName(name);
            }
        }

        return builder.Build();
    }
}
