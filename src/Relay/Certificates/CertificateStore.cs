using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PyChat.Relay.Certificates;

/// <summary>
/// Loads the relay's certificate folder, fills it on first start, and re-issues the server
/// certificate. It refuses (with one message naming the file and the problem) anything it cannot
/// vouch for: half pairs, keys that belong to other certificates, a server certificate another CA
/// issued. It never overwrites a file.
/// </summary>
internal static class CertificateStore
{
    public static CertificateResult LoadOrCreate(CertificateFiles files, IEnumerable<string> hostNames, TimeProvider time)
    {
        files.EnsureDirectory();
        var present = files.All.Where(File.Exists).ToList();
        if (present.Count == 0)
        {
            return Create(files, hostNames, time);
        }

        if ((Incomplete(files.CaCertificate, files.CaKey) ?? Incomplete(files.ServerCertificate, files.ServerKey)) is { } incomplete)
        {
            return incomplete;
        }

        if (!File.Exists(files.CaCertificate))
        {
            return CertificateResult.Failure(CertificateProblem.Incomplete, files.ServerCertificate,
                "exists but ca.crt and ca.key, the CA that issued it, are missing");
        }

        var authority = LoadAuthority(files, time, out var authorityWithKey);
        if (authority is not null)
        {
            return authority;
        }

        using (authorityWithKey)
        {
            return File.Exists(files.ServerCertificate)
                ? LoadServer(files, authorityWithKey!, time)
                : Issue(files, authorityWithKey!, hostNames, time);
        }
    }

    /// <summary>Moves server.crt/server.key aside (timestamp suffix) and issues a new pair from the existing CA.</summary>
    public static CertificateResult Reissue(CertificateFiles files, IEnumerable<string> hostNames, TimeProvider time)
    {
        var failure = LoadExistingAuthority(files, time, out var authorityWithKey);
        if (failure is not null)
        {
            return failure;
        }

        using (authorityWithKey)
        {
            var now = time.GetUtcNow();
            foreach (var path in new[] { files.ServerCertificate, files.ServerKey }.Where(File.Exists))
            {
                CertificateFiles.MoveAside(path, now);
            }

            return Issue(files, authorityWithKey!, hostNames, time);
        }
    }

    /// <summary>
    /// The CA pair with its private key, for issuing from it: a missing, half or unusable CA is a failure,
    /// never a reason to make a new one (clients pin the one that exists).
    /// </summary>
    public static CertificateResult? LoadExistingAuthority(CertificateFiles files, TimeProvider time, out X509Certificate2? authorityWithKey)
    {
        authorityWithKey = null;
        if (Incomplete(files.CaCertificate, files.CaKey) is { } incomplete)
        {
            return incomplete;
        }

        if (!File.Exists(files.CaCertificate))
        {
            return CertificateResult.Failure(CertificateProblem.Incomplete, files.CaCertificate, "is missing: there is no CA to issue from");
        }

        return LoadAuthority(files, time, out authorityWithKey);
    }

    private static CertificateResult Create(CertificateFiles files, IEnumerable<string> hostNames, TimeProvider time)
    {
        using var authority = CertificateAuthority.CreateAuthority(time.GetUtcNow());
        var failure = Write(files.CaKey, CertificatePem.PrivateKeyPem(authority), isPrivate: true)
            ?? Write(files.CaCertificate, authority.ExportCertificatePem(), isPrivate: false);
        if (failure is not null)
        {
            return failure;
        }

        var issued = Issue(files, authority, hostNames, time);
        return issued.Succeeded ? issued with { Outcome = CertificateOutcome.Created } : issued;
    }

    private static CertificateResult Issue(CertificateFiles files, X509Certificate2 authorityWithKey, IEnumerable<string> hostNames, TimeProvider time)
    {
        using var server = CertificateAuthority.IssueServerCertificate(authorityWithKey, hostNames, time.GetUtcNow());
        var failure = Write(files.ServerKey, CertificatePem.PrivateKeyPem(server), isPrivate: true)
            ?? Write(files.ServerCertificate, server.ExportCertificatePem() + "\n" + authorityWithKey.ExportCertificatePem() + "\n", isPrivate: false);
        return failure ?? LoadServer(files, authorityWithKey, time) with { Outcome = CertificateOutcome.ServerIssued };
    }

    /// <summary>Reads a certificate file and its key file; the first problem found, or null.</summary>
    private static CertificateResult? ReadPair(string certificatePath, string keyPath, out X509Certificate2Collection certificates, out ECDsa? key)
    {
        key = null;
        return CertificatePem.TryReadCertificates(certificatePath, out certificates)
            ?? CertificatePem.TryReadKey(keyPath, out key);
    }

    private static CertificateResult? LoadAuthority(CertificateFiles files, TimeProvider time, out X509Certificate2? authorityWithKey)
    {
        authorityWithKey = null;
        if (ReadPair(files.CaCertificate, files.CaKey, out var certificates, out var key) is { } failure)
        {
            return failure;
        }

        using (key)
        {
            var authority = certificates[0];
            if (authority.GetECDsaPublicKey() is not { } publicKey || !CertificatePem.IsP256(publicKey)
                || authority.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is not { CertificateAuthority: true })
            {
                return CertificateResult.Failure(CertificateProblem.NotAnAuthority, files.CaCertificate, "is not an ECDSA P-256 CA certificate (CA:true)");
            }

            if (!CertificatePem.Matches(authority, key!))
            {
                return CertificateResult.Failure(CertificateProblem.KeyMismatch, files.CaKey, "does not match the public key in ca.crt");
            }

            var now = time.GetUtcNow();
            if (now < authority.NotBefore || now > authority.NotAfter)
            {
                return CertificateResult.Failure(CertificateProblem.Expired, files.CaCertificate,
                    $"is valid only from {authority.NotBefore:u} to {authority.NotAfter:u}");
            }

            authorityWithKey = authority.CopyWithPrivateKey(key!);
            return null;
        }
    }

    private static CertificateResult LoadServer(CertificateFiles files, X509Certificate2 authority, TimeProvider time)
    {
        if (ReadPair(files.ServerCertificate, files.ServerKey, out var certificates, out var key) is { } failure)
        {
            return failure;
        }

        using (key)
        {
            var server = certificates[0];
            if (!CertificatePem.Matches(server, key!))
            {
                return CertificateResult.Failure(CertificateProblem.KeyMismatch, files.ServerKey, "does not match the public key in server.crt");
            }

            if (Verify(server, authority, time) is { } problem)
            {
                return CertificateResult.Failure(problem.Problem, files.ServerCertificate, problem.Detail);
            }

            if (certificates.Count > 1 && !certificates[1].RawDataMemory.Span.SequenceEqual(authority.RawDataMemory.Span))
            {
                return CertificateResult.Failure(CertificateProblem.NotIssuedByAuthority, files.ServerCertificate,
                    "carries a chain certificate that is not ca.crt");
            }

            var publicAuthority = X509CertificateLoader.LoadCertificate(authority.RawData);
            return CertificateResult.Success(new RelayCertificates(publicAuthority, ForTls(server, key!), files.CaCertificate), CertificateOutcome.Loaded);
        }
    }

    private static (CertificateProblem Problem, string Detail)? Verify(X509Certificate2 server, X509Certificate2 authority, TimeProvider time)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = time.GetUtcNow().UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        var valid = chain.Build(server);
        var statuses = chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status);
        if (valid && chain.ChainElements.Count == 2
            && chain.ChainElements[1].Certificate.RawDataMemory.Span.SequenceEqual(authority.RawDataMemory.Span))
        {
            return null;
        }

        if (statuses.HasFlag(X509ChainStatusFlags.NotTimeValid) && chain.ChainElements.Count == 2)
        {
            return (CertificateProblem.Expired,
                $"is valid only from {server.NotBefore:u} to {server.NotAfter:u}; run `reissue-certificate`");
        }

        return (CertificateProblem.NotIssuedByAuthority, $"was not issued by the CA in ca.crt ({statuses})");
    }

    /// <summary>
    /// A certificate SslStream can use. Windows' TLS stack (SChannel) cannot use an ephemeral key,
    /// so there the pair goes through a PKCS#12 round trip.
    /// </summary>
    private static X509Certificate2 ForTls(X509Certificate2 certificate, ECDsa key)
    {
        var withKey = certificate.CopyWithPrivateKey(key);
        if (!OperatingSystem.IsWindows())
        {
            return withKey;
        }

        using (withKey)
        {
            return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        }
    }

    private static CertificateResult? Incomplete(string certificate, string key) =>
        (File.Exists(certificate), File.Exists(key)) switch
        {
            (true, false) => CertificateResult.Failure(CertificateProblem.Incomplete, key, $"is missing but {Path.GetFileName(certificate)} exists"),
            (false, true) => CertificateResult.Failure(CertificateProblem.Incomplete, certificate, $"is missing but {Path.GetFileName(key)} exists"),
            _ => null,
        };

    private static CertificateResult? Write(string path, string contents, bool isPrivate)
    {
        try
        {
            CertificateFiles.WriteNew(path, contents, isPrivate);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return CertificateResult.Failure(CertificateProblem.Unreadable, path, $"could not be created ({e.Message})");
        }
    }
}
