using System.Numerics;

namespace PyChat.Bench.LoadGen.Measurement;

/// <summary>
/// Log-linear histogram of microseconds, HdrHistogram-style with two significant digits: exact below
/// 128 µs, then 64 sub-buckets per power of two (≤ 1.6 % error). Preallocated, no locks: each
/// receiving client records into its own and the scenario merges them after the step.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int LinearBuckets = 128;
    private const int SubBucketBits = 6;
    private const int SubBuckets = 1 << SubBucketBits;
    private const int FirstExponent = 7;
    private const int MaxExponent = 40;
    private const int BucketCount = LinearBuckets + ((MaxExponent - FirstExponent + 1) * SubBuckets);

    private readonly long[] _counts = new long[BucketCount];

    public long Count { get; private set; }

    public long MaxMicroseconds { get; private set; }

    public void Record(long microseconds)
    {
        microseconds = Math.Max(0, microseconds);
        _counts[IndexOf(microseconds)]++;
        Count++;
        if (microseconds > MaxMicroseconds)
        {
            MaxMicroseconds = microseconds;
        }
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < BucketCount; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        MaxMicroseconds = Math.Max(MaxMicroseconds, other.MaxMicroseconds);
    }

    /// <summary>The upper bound of the bucket holding the value at <paramref name="percentile"/> (0–100).</summary>
    public long ValueAtPercentile(double percentile)
    {
        if (Count == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(percentile / 100 * Count);
        long seen = 0;
        for (var i = 0; i < BucketCount; i++)
        {
            seen += _counts[i];
            if (seen >= Math.Max(rank, 1))
            {
                return Math.Min(UpperBoundOf(i), MaxMicroseconds);
            }
        }

        return MaxMicroseconds;
    }

    private static int IndexOf(long value)
    {
        if (value < LinearBuckets)
        {
            return (int)value;
        }

        var exponent = Math.Min(63 - BitOperations.LeadingZeroCount((ulong)value), MaxExponent);
        var sub = (int)(value >> (exponent - SubBucketBits)) & (SubBuckets - 1);
        return LinearBuckets + ((exponent - FirstExponent) * SubBuckets) + sub;
    }

    private static long UpperBoundOf(int index)
    {
        if (index < LinearBuckets)
        {
            return index;
        }

        var exponent = FirstExponent + ((index - LinearBuckets) / SubBuckets);
        var sub = (index - LinearBuckets) % SubBuckets;
        return (1L << exponent) + ((sub + 1L) << (exponent - SubBucketBits)) - 1;
    }
}
