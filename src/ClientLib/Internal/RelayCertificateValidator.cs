using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace PyChat.Client.Internal;

/// <summary>
/// Trusts the relay only if its certificate chains to the pinned CA and names the host we dialled
/// (docs/PROTOCOL.md §1). The operating system's roots are never consulted: a certificate from any
/// public CA is refused, which is the point of pinning.
/// </summary>
internal sealed class RelayCertificateValidator(X509Certificate2 ca, string host)
{
    /// <summary>Why the last certificate was refused, for <see cref="PyChatCertificateException"/>.</summary>
    public string? Failure { get; private set; }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return Refuse("The relay presented no certificate.");
        }

        // SslStream checks the name against the host we dialled; that check stays. Its chain errors do
        // not matter: the chain is built again below against the pinned CA alone.
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return Refuse($"The relay's certificate is not issued for '{host}'.");
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var pinned = CreatePinnedChain(ca);
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                pinned.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        if (!pinned.Build(leaf))
        {
            var status = string.Join(", ", pinned.ChainStatus.Select(s => s.Status).Distinct());
            return Refuse($"The relay's certificate does not chain to the pinned CA ({status}).");
        }

        var root = pinned.ChainElements[^1].Certificate;
        return root.RawDataMemory.Span.SequenceEqual(ca.RawDataMemory.Span)
            || Refuse("The relay's certificate chains to a root other than the pinned CA.");
    }

    /// <summary>
    /// A chain that trusts <paramref name="ca"/> alone and never goes online: no revocation checks and no
    /// fetching of missing issuers from URLs in the relay's certificate (the relay must not make the client
    /// dial out, and everything needed is the pinned CA plus what the relay sent).
    /// </summary>
    internal static X509Chain CreatePinnedChain(X509Certificate2 ca)
    {
        var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        return chain;
    }

    private bool Refuse(string reason)
    {
        Failure = reason;
        return false;
    }
}
