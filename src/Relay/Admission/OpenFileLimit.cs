using System.Runtime.InteropServices;

namespace PyChat.Relay.Admission;

/// <summary>
/// The process's open-file limit (RLIMIT_NOFILE, soft), which every socket counts against. Read with
/// getrlimit(2); the .NET runtime raises the soft limit to the hard one at startup, so this is what the
/// relay actually has. Null where there is no such limit (Windows) or it is unlimited.
/// </summary>
internal static partial class OpenFileLimit
{
    private const int LinuxRlimitNoFile = 7;
    private const int MacRlimitNoFile = 8;

    public static long? Read()
    {
        int resource;
        if (OperatingSystem.IsLinux())
        {
            resource = LinuxRlimitNoFile;
        }
        else if (OperatingSystem.IsMacOS())
        {
            resource = MacRlimitNoFile;
        }
        else
        {
            return null;
        }

        if (GetRLimit(resource, out var limit) != 0 || limit.Current > long.MaxValue)
        {
            return null; // failed, or RLIM_INFINITY
        }

        return (long)limit.Current;
    }

    [DllImport("libc", EntryPoint = "getrlimit")]
    private static extern int GetRLimit(int resource, out RLimit limit);

    /// <summary>struct rlimit: two rlim_t, 64 bits on every 64-bit Linux and macOS.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }
}
