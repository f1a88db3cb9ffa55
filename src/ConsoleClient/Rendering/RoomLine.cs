namespace PyChat.ConsoleClient.Rendering;

/// <summary>One line of the room view, before it is drawn plain or rich.</summary>
/// <param name="Sender">The sender of a <see cref="RoomLineKind.Message"/>; null for other kinds.</param>
/// <param name="Verified">
/// For a message: the sender's key is the one this user knows (or met for the first time). False when the
/// key changed and the user has not trusted the new one: the message is marked unverified.
/// </param>
/// <param name="Loud">Draw it so it cannot be missed (a peer's key changed).</param>
/// <param name="CaughtUp">A message that arrived late, replayed by the relay after this client reconnected; shown at its send time.</param>
internal sealed record RoomLine(RoomLineKind Kind, DateTimeOffset Time, string Text, string? Sender = null, bool Verified = true, bool Loud = false, bool CaughtUp = false)
{
    /// <summary>What follows a caught-up message, in both output forms.</summary>
    public const string CaughtUpMark = "(caught up)";

    public static RoomLine Message(DateTimeOffset time, string sender, string text, bool verified, bool caughtUp = false) =>
        new(RoomLineKind.Message, time, text, sender, verified, CaughtUp: caughtUp);

    public static RoomLine Event(DateTimeOffset time, string text) => new(RoomLineKind.Event, time, text);

    public static RoomLine Warning(DateTimeOffset time, string text, bool loud = false) =>
        new(RoomLineKind.Warning, time, text, Loud: loud);

    public static RoomLine Notice(string text) => new(RoomLineKind.Notice, default, text);
}
