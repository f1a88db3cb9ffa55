namespace PyChat.TestSupport.Fuzzing;

/// <summary>
/// Makes fuzz cases from valid encodings (seeds): bit flips, byte changes, truncation, extension,
/// insertion, deletion, length prefixes set to boundary values, splices of two seeds, and purely
/// random bytes. Every case is a function of (seed, case number) alone, so a failure is reproduced by
/// calling <see cref="Case"/> with the numbers the failing test printed.
/// </summary>
public sealed class FrameMutator
{
    /// <summary>The seed every fuzz test runs with, so a run is the same bytes on every machine.</summary>
    public const int FixedSeed = 20261202;

    // Values a u8 or u16 length prefix is set to: empty, one, around the name limit (32) and the
    // sign bits, and the maxima, where off-by-one and sign errors in a decoder show.
    private static readonly byte[] BoundaryBytes = [0x00, 0x01, 0x1F, 0x20, 0x21, 0x7F, 0x80, 0xFE, 0xFF];
    private static readonly ushort[] BoundaryWords = [0x0000, 0x0001, 0x007F, 0x0080, 0x00FF, 0x0100, 0x7FFF, 0x8000, 0xFFFE, 0xFFFF];

    private readonly IReadOnlyList<byte[]> _seeds;
    private readonly int _seed;
    private readonly int _largeGrowth;

    /// <param name="seeds">Valid encodings to mutate; at least one.</param>
    /// <param name="seed">The fixed seed of the whole run.</param>
    /// <param name="largeGrowth">
    /// Longest extension of the rare large-extension mutation, for exercising a frame limit; the
    /// common extension adds at most 16 bytes.
    /// </param>
    public FrameMutator(IReadOnlyList<byte[]> seeds, int seed, int largeGrowth = 256)
    {
        ArgumentOutOfRangeException.ThrowIfZero(seeds.Count);
        _seeds = seeds;
        _seed = seed;
        _largeGrowth = largeGrowth;
    }

    /// <summary>Fuzz case number <paramref name="index"/> of this run.</summary>
    public byte[] Case(int index)
    {
        var random = new Random(Mix(_seed, index));
        if (random.Next(16) == 0)
        {
            return RandomBytes(random);
        }

        var bytes = new List<byte>(_seeds[random.Next(_seeds.Count)]);
        var mutations = 1 + (random.Next(4) == 0 ? random.Next(3) : 0);
        for (var i = 0; i < mutations; i++)
        {
            Mutate(random, bytes);
        }

        return [.. bytes];
    }

    /// <summary>A readable reproduction line for a failure message.</summary>
    public string Describe(int index) => $"seed {_seed}, case {index}: {Convert.ToHexString(Case(index))}";

    /// <summary>
    /// One well-spread RNG seed per case (the SplitMix64 finaliser). Not HashCode.Combine: that is
    /// randomized per process, and a case must be the same bytes in every run.
    /// </summary>
    private static int Mix(int seed, int index)
    {
        var z = (((ulong)(uint)seed << 32) | (uint)index) + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return unchecked((int)(z ^ (z >> 31)));
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(65)];
        random.NextBytes(bytes);
        return bytes;
    }

    private void Mutate(Random random, List<byte> bytes)
    {
        switch (random.Next(9))
        {
            case 0 when bytes.Count > 0:
                var at = random.Next(bytes.Count);
                bytes[at] ^= (byte)(1 << random.Next(8));
                break;
            case 1 when bytes.Count > 0:
                bytes[random.Next(bytes.Count)] = random.Next(2) == 0 ? BoundaryBytes[random.Next(BoundaryBytes.Length)] : (byte)random.Next(256);
                break;
            case 2 when bytes.Count > 0:
                var length = random.Next(bytes.Count);
                bytes.RemoveRange(length, bytes.Count - length);
                break;
            case 3:
                bytes.AddRange(Noise(random, random.Next(8) == 0 ? 1 + random.Next(_largeGrowth) : 1 + random.Next(16)));
                break;
            case 4:
                bytes.InsertRange(random.Next(bytes.Count + 1), Noise(random, 1 + random.Next(8)));
                break;
            case 5 when bytes.Count > 0:
                var from = random.Next(bytes.Count);
                bytes.RemoveRange(from, Math.Min(bytes.Count - from, 1 + random.Next(8)));
                break;
            case 6 when bytes.Count > 1:
                SetLengthField(random, bytes);
                break;
            case 7:
                Splice(random, bytes);
                break;
            default:
                // The type byte: a valid body under another type, or a type no version knows.
                if (bytes.Count > 0)
                {
                    bytes[0] = (byte)random.Next(256);
                }

                break;
        }
    }

    private static void SetLengthField(Random random, List<byte> bytes)
    {
        var at = 1 + random.Next(bytes.Count - 1);
        var remaining = bytes.Count - at;
        if (random.Next(2) == 0 || at + 1 >= bytes.Count)
        {
            // u8 prefix: a boundary, or just around what is left of the frame.
            bytes[at] = random.Next(2) == 0 ? BoundaryBytes[random.Next(BoundaryBytes.Length)] : (byte)Math.Clamp(remaining - 2 + random.Next(3), 0, 255);
            return;
        }

        var value = random.Next(2) == 0 ? BoundaryWords[random.Next(BoundaryWords.Length)] : (ushort)Math.Clamp(remaining - 3 + random.Next(3), 0, ushort.MaxValue);
        bytes[at] = (byte)(value >> 8);
        bytes[at + 1] = (byte)value;
    }

    private void Splice(Random random, List<byte> bytes)
    {
        var other = _seeds[random.Next(_seeds.Count)];
        var cut = random.Next(bytes.Count + 1);
        var otherCut = random.Next(other.Length + 1);
        bytes.RemoveRange(cut, bytes.Count - cut);
        bytes.AddRange(other.AsSpan(otherCut).ToArray());
    }

    private static byte[] Noise(Random random, int length)
    {
        var noise = new byte[length];
        random.NextBytes(noise);
        return noise;
    }
}
