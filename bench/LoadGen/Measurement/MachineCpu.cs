using System.Globalization;

namespace PyChat.Bench.LoadGen.Measurement;

/// <summary>
/// Busy CPU time of the whole machine from /proc/stat. Subtracting the server's and the generator's
/// own time leaves what other processes used during a step: the benchmark shares its 2 cores with
/// whatever else runs, and a step measured beside a build or a test run is not a clean figure.
/// </summary>
internal static class MachineCpu
{
    private const double ClockTicksPerSecond = 100; // USER_HZ on Linux.

    public static TimeSpan BusyTime
    {
        get
        {
            using var reader = new StreamReader("/proc/stat");
            var fields = reader.ReadLine()!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // cpu user nice system idle iowait irq softirq steal ...: everything but idle and iowait.
            long busy = 0;
            foreach (var index in (ReadOnlySpan<int>)[1, 2, 3, 6, 7, 8])
            {
                busy += long.Parse(fields[index], CultureInfo.InvariantCulture);
            }

            return TimeSpan.FromSeconds(busy / ClockTicksPerSecond);
        }
    }
}
