// Safety number: SHA-512 over both identity fingerprints in a fixed order, shown as 12 groups of 5
// digits. Both people compute the same number; comparing it out of band detects a swapped key.
using System.Security.Cryptography;

namespace PyChat.Client.Cryptography;

/// <summary>A number two people compare out of band to check each other's identity keys.</summary>
public static class SafetyNumber
{
    /// <summary>The safety number of two keys; the same whichever order they are given in.</summary>
    public static string Compute(IdentityPublicKey a, IdentityPublicKey b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var (low, high) = a.Fingerprint.Span.SequenceCompareTo(b.Fingerprint.Span) <= 0 ? (a, b) : (b, a);
        var input = new List<byte>("pychat.v1/safety-number\0"u8.ToArray());
        input.AddRange(low.Fingerprint.ToArray());
        input.AddRange(high.Fingerprint.ToArray());
        var digest = SHA512.HashData(input.ToArray());
        var groups = new string[12];
        for (var i = 0; i < groups.Length; i++)
        {
            ulong chunk = 0;
            for (var j = 0; j < 5; j++)
            {
                chunk = (chunk << 8) | digest[(i * 5) + j];
            }

            groups[i] = (chunk % 100000).ToString("D5", System.Globalization.CultureInfo.InvariantCulture);
        }

        return string.Join(' ', groups);
    }
}
