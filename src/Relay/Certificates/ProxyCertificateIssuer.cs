using System.Security.Cryptography.X509Certificates;

namespace PyChat.Relay.Certificates;

/// <summary>
/// Issues <c>proxy.crt</c> (leaf, then ca.crt: the chain a terminating proxy sends) and <c>proxy.key</c> (PKCS#8,
/// 0600) from the relay's own CA. Clients go on pinning ca.crt: the proxy's chain ends there, and the relay id in
/// Hello, the hash of that CA, still matches. Neither file is ever overwritten.
/// </summary>
internal static class ProxyCertificateIssuer
{
    public const string CertificateName = "proxy.crt";
    public const string KeyName = "proxy.key";

    public static ProxyCertificateResult Issue(CertificateFiles relayFiles, IReadOnlyList<string> hostNames, string outDirectory, TimeProvider time)
    {
        var output = new CertificateFiles(outDirectory);
        var certificatePath = Path.Combine(output.Directory, CertificateName);
        var keyPath = Path.Combine(output.Directory, KeyName);
        if (new[] { certificatePath, keyPath }.FirstOrDefault(File.Exists) is { } existing)
        {
            return ProxyCertificateResult.Failure($"{existing} exists already; it is never overwritten: move it aside (or choose another --out) and run the command again");
        }

        if (CertificateStore.LoadExistingAuthority(relayFiles, time, out var authorityWithKey) is { } failure)
        {
            return ProxyCertificateResult.Failure(failure.Message);
        }

        using (authorityWithKey)
        {
            using var proxy = CertificateAuthority.IssueProxyCertificate(authorityWithKey!, hostNames, time.GetUtcNow());
            try
            {
                output.EnsureDirectory();
                // The key first: a certificate without its key is the more confusing half to find after a failure.
                CertificateFiles.WriteNew(keyPath, CertificatePem.PrivateKeyPem(proxy), isPrivate: true);
                CertificateFiles.WriteNew(certificatePath, proxy.ExportCertificatePem() + "\n" + authorityWithKey!.ExportCertificatePem() + "\n", isPrivate: false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return ProxyCertificateResult.Failure($"cannot write the proxy certificate into {output.Directory}: {e.Message}");
            }

            return new ProxyCertificateResult(true, certificatePath, keyPath, proxy.NotAfter, string.Empty);
        }
    }
}
