namespace PyChat.ConsoleClient.Rendering;

/// <summary>
/// The <c>event</c> field of <c>read --json</c>: what an event or warning line is, in words a bot can switch on
/// (docs/CONSOLE.md, "Bots and scripts"). The line's text may change; these do not.
/// </summary>
internal static class RoomLineCodes
{
    public const string Joined = "joined";
    public const string Left = "left";
    public const string Away = "away";
    public const string Back = "back";
    public const string HubChanged = "hub-changed";
    public const string KeyRotated = "key-rotated";
    public const string MessageRejected = "message-rejected";
    public const string PeerKeyChanged = "peer-key-changed";
    public const string PeerFirstSeen = "peer-first-seen";
    public const string SendsHeld = "sends-held";
    public const string SendsResumed = "sends-resumed";
    public const string HubMismatch = "hub-mismatch";
    public const string RosterMismatch = "roster-mismatch";
    public const string MessagesMissing = "messages-missing";
    public const string Resumed = "resumed";
    public const string MessagesMissed = "messages-missed";
    public const string EpochsExhausted = "epochs-exhausted";
    public const string Reconnecting = "reconnecting";
    public const string Reconnected = "reconnected";
    public const string ConnectionClosed = "connection-closed";
    public const string Other = "other";
}
