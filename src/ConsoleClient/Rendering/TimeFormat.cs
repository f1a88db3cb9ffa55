using System.Globalization;

namespace PyChat.ConsoleClient.Rendering;

internal static class TimeFormat
{
    /// <summary>The time of a line, in the local time zone: <c>HH:mm:ss</c>.</summary>
    public static string Local(DateTimeOffset time) =>
        time.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture);
}
