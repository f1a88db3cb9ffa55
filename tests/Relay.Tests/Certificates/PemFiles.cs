using System.Security.Cryptography;

namespace PyChat.Relay.Tests.Certificates;

internal static class PemFiles
{
    /// <summary>The label of the first PEM block in the file ("CERTIFICATE", "PRIVATE KEY", …).</summary>
    public static string LabelOf(string path)
    {
        var pem = File.ReadAllText(path);
        return pem[PemEncoding.Find(pem).Label];
    }
}
