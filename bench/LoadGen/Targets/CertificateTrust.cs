using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace PyChat.Bench.LoadGen.Targets;

/// <summary>
/// Validates the peers' certificate against the benchmark's throwaway CA only (not the system store),
/// so the TLS cost measured is that of a real validating client.
/// </summary>
internal sealed class CertificateTrust(X509Certificate2 authority)
{
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }

        using var customChain = new X509Chain();
        customChain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        customChain.ChainPolicy.CustomTrustStore.Add(authority);
        customChain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return customChain.Build(leaf);
    }
}
