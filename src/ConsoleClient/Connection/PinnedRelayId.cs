using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PyChat.Client;

namespace PyChat.ConsoleClient.Connection;

/// <summary>
/// The relay id of the pinned CA (SHA-256 of its DER, as ClientLib computes it and the relay's Hello must match), known
/// before connecting: the known-peers table is chosen by it and handed to the client.
/// </summary>
internal static class PinnedRelayId
{
    public static byte[] Of(string caCertificatePath)
    {
        try
        {
            using var ca = X509CertificateLoader.LoadCertificateFromFile(caCertificatePath);
            return SHA256.HashData(ca.RawData);
        }
        catch (CryptographicException e)
        {
            throw new PyChatCertificateException($"The CA certificate '{caCertificatePath}' could not be read.", e);
        }
    }
}
