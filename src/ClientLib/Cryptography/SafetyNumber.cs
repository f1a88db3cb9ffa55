// Safety number: 60 decimal digits (12 groups of 5) from SHA-512 over both identity fingerprints,
// sorted so that either party computes the same number. See docs/CRYPTOGRAPHY.md.
using System.Security.Cryptography;
using System.Text;

namespace PyChat.Client.Cryptography;

/// <summary>
/// A number two people compare out of band (read aloud, side by side) to confirm they see each
/// other's real identity keys.
/// </summary>
/// <remarks>
/// Derivation, exactly:
/// <list type="number">
/// <item><description>f1, f2 = the two <see cref="IdentityPublicKey.Fingerprint"/>s (SHA-256 of each SPKI), ordered so that f1 ≤ f2 bytewise (unsigned, lexicographic).</description></item>
/// <item><description>d = SHA-512( ASCII "pychat.v1/safety-number" || 0x00 || f1 || f2 ) (64 bytes).</description></item>
/// <item><description>For group i = 0..11: take bytes d[5i .. 5i+4] as a 40-bit big-endian integer, reduce it mod 100000, write it as 5 digits with leading zeros.</description></item>
/// <item><description>Join the 12 groups with single spaces (71 characters).</description></item>
/// </list>
/// </remarks>
public static class SafetyNumber
{
    private const int Groups = 12;
    private const int GroupDigits = 5;
    private const int BytesPerGroup = 5;

    private static ReadOnlySpan<byte> Label => "pychat.v1/safety-number\0"u8;

    /// <summary>Computes the safety number of two identity keys; the order of the arguments does not matter.</summary>
    /// <param name="a">One party's identity key.</param>
    /// <param name="b">The other party's identity key.</param>
    /// <returns>60 digits in 12 groups of 5 separated by spaces, e.g. <c>01234 56789 …</c>.</returns>
    /// <exception cref="ArgumentNullException">A key is null.</exception>
    public static string Compute(IdentityPublicKey a, IdentityPublicKey b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);

        bool swap = a.Fingerprint.Span.SequenceCompareTo(b.Fingerprint.Span) > 0;
        ReadOnlySpan<byte> fa = (swap ? b : a).Fingerprint.Span;
        ReadOnlySpan<byte> fb = (swap ? a : b).Fingerprint.Span;

        Span<byte> input = stackalloc byte[Label.Length + fa.Length + fb.Length];
        Label.CopyTo(input);
        fa.CopyTo(input[Label.Length..]);
        fb.CopyTo(input[(Label.Length + fa.Length)..]);

        Span<byte> digest = stackalloc byte[SHA512.HashSizeInBytes];
        SHA512.HashData(input, digest);

        var builder = new StringBuilder((Groups * (GroupDigits + 1)) - 1);
        for (int i = 0; i < Groups; i++)
        {
            ulong value = 0;
            foreach (byte x in digest.Slice(i * BytesPerGroup, BytesPerGroup))
            {
                value = (value << 8) | x;
            }

            if (i > 0)
            {
                builder.Append(' ');
            }

            builder.Append((value % 100_000).ToString("D5", System.Globalization.CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }
}
