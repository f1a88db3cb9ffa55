namespace PyChat.ConsoleClient.Rendering;

/// <summary>One line of the room view, before it is drawn plain or rich.</summary>
/// <param name="Sender">The sender of a <see cref="RoomLineKind.Message"/>; null for other kinds.</param>
/// <param name="Verified">
/// For a message: the sender's key is the one this user knows (or met for the first time). False when the
/// key changed and the user has not trusted the new one: the message is marked unverified.
/// </param>
/// <param name="Loud">Draw it so it cannot be missed (a peer's key changed).</param>
/// <param name="CaughtUp">A message that arrived late, replayed by the relay after this client reconnected; shown at its send time.</param>
/// <param name="Code">What an event or warning is, for machines (<c>read --json</c>): <see cref="RoomLineCodes"/>.</param>
/// <param name="Member">The member an event or warning is about, when it is about one.</param>
/// <param name="MentionsYou">A message from someone else that names this user (<see cref="Mentions"/>).</param>
/// <param name="RangAlready">The bell for it rang when it arrived in a window not on screen; it is shown later without one.</param>
internal sealed record RoomLine(
    RoomLineKind Kind,
    DateTimeOffset Time,
    string Text,
    string? Sender = null,
    bool Verified = true,
    bool Loud = false,
    bool CaughtUp = false,
    string? Code = null,
    string? Member = null,
    bool MentionsYou = false,
    bool RangAlready = false)
{
    /// <summary>What follows a caught-up message, in both output forms.</summary>
    public const string CaughtUpMark = "(caught up)";

    /// <summary>A chat message sent by <paramref name="member"/> (<c>--no-self</c> leaves out the user's own).</summary>
    public bool IsMessageFrom(string member) => Kind == RoomLineKind.Message && Sender == member;

    public static RoomLine Message(DateTimeOffset time, string sender, string text, bool verified, bool caughtUp = false) =>
        new(RoomLineKind.Message, time, text, sender, verified, CaughtUp: caughtUp);

    public static RoomLine Event(DateTimeOffset time, string text, string? code = null, string? member = null) =>
        new(RoomLineKind.Event, time, text, Code: code, Member: member);

    public static RoomLine Warning(DateTimeOffset time, string text, bool loud = false, string? code = null, string? member = null) =>
        new(RoomLineKind.Warning, time, text, Loud: loud, Code: code, Member: member);

    public static RoomLine Notice(string text) => new(RoomLineKind.Notice, default, text);
}
