using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PyChat.Relay.Certificates;

/// <summary>Reads and writes the PEM files of the certificate folder; a bad file is a result, not an exception.</summary>
internal static class CertificatePem
{
    private const string P256Oid = "1.2.840.10045.3.1.7";

    public static CertificateResult? TryReadCertificates(string path, out X509Certificate2Collection certificates)
    {
        certificates = [];
        if (!TryReadText(path, out var text, out var failure))
        {
            return failure;
        }

        try
        {
            certificates.ImportFromPem(text);
        }
        catch (CryptographicException)
        {
            return CertificateResult.Failure(CertificateProblem.Unreadable, path, "is not a PEM certificate file");
        }

        return certificates.Count == 0
            ? CertificateResult.Failure(CertificateProblem.Unreadable, path, "holds no PEM certificate")
            : null;
    }

    public static CertificateResult? TryReadKey(string path, out ECDsa? key)
    {
        key = null;
        if (!TryReadText(path, out var text, out var failure))
        {
            return failure;
        }

        var candidate = ECDsa.Create();
        try
        {
            candidate.ImportFromPem(text);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            candidate.Dispose();
            return CertificateResult.Failure(CertificateProblem.Unreadable, path, "is not a PEM ECDSA private key (PKCS#8)");
        }

        if (!IsP256(candidate))
        {
            candidate.Dispose();
            return CertificateResult.Failure(CertificateProblem.Unreadable, path, "is not an ECDSA P-256 key");
        }

        key = candidate;
        return null;
    }

    public static bool IsP256(ECDsa key) => key.ExportParameters(false).Curve.Oid?.Value == P256Oid;

    public static bool Matches(X509Certificate2 certificate, ECDsa key)
    {
        using var publicKey = certificate.GetECDsaPublicKey();
        return publicKey is not null && IsP256(publicKey)
            && publicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo());
    }

    public static string PrivateKeyPem(X509Certificate2 certificate)
    {
        using var key = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("certificate has no ECDSA private key");
        return key.ExportPkcs8PrivateKeyPem();
    }

    private static bool TryReadText(string path, out string text, out CertificateResult? failure)
    {
        failure = null;
        try
        {
            text = File.ReadAllText(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            text = string.Empty;
            failure = CertificateResult.Failure(CertificateProblem.Unreadable, path, $"cannot be read ({e.Message})");
            return false;
        }
    }
}
