// STANDIN: replaced wholesale by the crypto branch.
using System.Security.Cryptography;

namespace PyChat.Client.Cryptography;

/// <summary>Stand-in for the crypto branch's safety number.</summary>
public static class SafetyNumber
{
    /// <summary>Computes a symmetric safety number for two keys.</summary>
    public static string Compute(IdentityPublicKey a, IdentityPublicKey b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var (x, y) = string.CompareOrdinal(a.FingerprintHex, b.FingerprintHex) <= 0 ? (a, b) : (b, a);
        return Convert.ToHexStringLower(SHA256.HashData([.. x.Fingerprint.Span, .. y.Fingerprint.Span]))[..30];
    }
}
