using System.Globalization;

namespace PyChat.Bench.LoadGen.Measurement;

/// <summary>
/// The server under test, watched from outside through /proc: resident memory (VmRSS), its peak
/// (VmHWM) and CPU time. The server is a separate process the script started; nothing is asked of it.
/// </summary>
internal sealed class ServerProcess(int pid)
{
    private static readonly double ClockTicksPerSecond = 100; // USER_HZ on Linux.

    public int Pid => pid;

    public long ResidentBytes => ReadStatusKilobytes("VmRSS:") * 1024;

    public long PeakResidentBytes => ReadStatusKilobytes("VmHWM:") * 1024;

    /// <summary>User plus system CPU time of the process so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / ClockTicksPerSecond);
        }
    }

    private long ReadStatusKilobytes(string key)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(key.Length).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"{key} not found for pid {pid}");
    }
}
