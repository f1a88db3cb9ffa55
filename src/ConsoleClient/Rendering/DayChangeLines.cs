using System.Globalization;

namespace PyChat.ConsoleClient.Rendering;

/// <summary>
/// Says so when the local date changes between two lines of the room, since lines show only the time of day:
/// <c>── Saturday, 5 December 2026 ──</c>. Nothing before the first line: it is today's.
/// </summary>
internal sealed class DayChangeLines
{
    private DateOnly? _lastDay;

    /// <summary>The line to write before <paramref name="line"/>, or null.</summary>
    public RoomLine? Before(RoomLine line)
    {
        if (line.Kind == RoomLineKind.Notice)
        {
            return null;
        }

        var day = DateOnly.FromDateTime(line.Time.ToLocalTime().DateTime);
        var changed = _lastDay is { } last && last != day;
        _lastDay = day;
        return changed
            ? RoomLine.Notice($"── {day.ToString("dddd, d MMMM yyyy", CultureInfo.InvariantCulture)} ──")
            : null;
    }
}
