namespace PyChat.Relay.Certificates;

/// <summary>What issuing a proxy certificate came to: the two files written, or why nothing was.</summary>
internal sealed record ProxyCertificateResult(bool Succeeded, string CertificatePath, string KeyPath, DateTime NotAfter, string Message)
{
    public static ProxyCertificateResult Failure(string message) => new(false, string.Empty, string.Empty, default, message);
}
