using System.Globalization;
using PyChat.Client;

namespace PyChat.ConsoleClient.Rendering;

/// <summary>
/// What the room view says about the connection to the relay (ClientLib's <see cref="ConnectionEvent"/>), before it is
/// styled. ClientLib reconnects by itself; these lines only tell the user where it stands.
/// </summary>
internal static class ConnectionEventLines
{
    /// <summary>The line for <paramref name="connectionEvent"/>, or null when it has nothing to add.</summary>
    public static RoomLine? ToLine(ConnectionEvent connectionEvent) => connectionEvent switch
    {
        // A Reconnecting line follows at once and says the same, with when the next attempt is.
        ConnectionLost => null,
        Reconnecting r => RoomLine.Warning(r.Time, $"connection lost — reconnecting, attempt {r.Attempt} in {Delay(r.Delay)}…", code: RoomLineCodes.Reconnecting),
        Reconnected r => RoomLine.Event(r.Time, "connected again", RoomLineCodes.Reconnected),
        ConnectionClosed c => RoomLine.Warning(c.Time, $"connection closed for good, not reconnecting: {c.Reason}", loud: true, RoomLineCodes.ConnectionClosed),
        _ => null,
    };

    /// <summary>
    /// A back-off as a person reads it: whole seconds (at least 1: the jitter makes "0 s" or "0.7 s" noise), whole
    /// minutes from a minute on.
    /// </summary>
    public static string Delay(TimeSpan delay)
    {
        var seconds = (int)Math.Round(delay.TotalSeconds, MidpointRounding.AwayFromZero);
        return seconds < 60
            ? $"{Math.Max(seconds, 1).ToString(CultureInfo.InvariantCulture)} s"
            : $"{((int)Math.Round(delay.TotalMinutes, MidpointRounding.AwayFromZero)).ToString(CultureInfo.InvariantCulture)} min";
    }
}
