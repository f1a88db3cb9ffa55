using PyChat.Client;

namespace PyChat.ConsoleClient.Rendering;

/// <summary>What the room view says about each ClientLib <see cref="RoomEvent"/>, before it is styled.</summary>
internal static class RoomEventLines
{
    /// <param name="roomEvent">The event.</param>
    /// <param name="caughtUpMessages">
    /// For <see cref="RoomResumed"/>: how many chat messages were replayed before it (<see cref="CatchUpTally"/> counts
    /// them). Not <see cref="RoomResumed.CaughtUp"/>: that counts every replayed frame, away notices and joins too, and
    /// "3 messages caught up" when no one said anything would mislead.
    /// </param>
    public static RoomLine ToLine(RoomEvent roomEvent, int caughtUpMessages = 0) => roomEvent switch
    {
        // A message replayed after a reconnect is shown at its send time and marked caught up, so it is not mistaken for news.
        MessageReceived m => RoomLine.Message(m.SentAt, m.Sender, m.Text, verified: m.SenderTrust != PeerTrust.Changed, caughtUp: m.CaughtUp),
        MemberJoined j => RoomLine.Event(j.Time, $"{j.Member} joined (key {ShortFingerprint(j.Fingerprint)})", RoomLineCodes.Joined, j.Member),
        MemberLeft l => RoomLine.Event(l.Time, $"{l.Member} left", RoomLineCodes.Left, l.Member),
        MemberAway a => RoomLine.Event(a.Time, $"{a.Member} is away (connection lost); they get what they miss when they are back", RoomLineCodes.Away, a.Member),
        MemberBack b => RoomLine.Event(b.Time, $"{b.Member} is back", RoomLineCodes.Back, b.Member),
        HubChanged h => RoomLine.Event(h.Time, $"{h.Hub} is now the key hub", RoomLineCodes.HubChanged, h.Hub),
        KeyRotated k => RoomLine.Event(k.Time, $"new room key, epoch {k.Epoch}, from {k.Hub}", RoomLineCodes.KeyRotated, k.Hub),
        MessageRejected r => RoomLine.Warning(r.Time, $"a message from {r.Sender} was rejected: {Describe(r.Reason)} ({r.Detail})", code: RoomLineCodes.MessageRejected, member: r.Sender),
        PeerKeyChanged c => RoomLine.Warning(
            c.Time,
            $"{c.Member}'s identity key CHANGED (was {ShortFingerprint(c.PreviousFingerprint)}, now {ShortFingerprint(c.NewFingerprint)}). " +
            $"It may be a new device, or someone posing as {c.Member}. Their messages are marked unverified. " +
            $"Compare safety numbers (/verify {c.Member}), then /trust {c.Member}.",
            loud: true,
            RoomLineCodes.PeerKeyChanged,
            c.Member),
        PeerFirstSeen f => RoomLine.Event(
            f.Time, $"{f.Member} is new to you (key {ShortFingerprint(f.Fingerprint)}): compare safety numbers with /verify {f.Member}", RoomLineCodes.PeerFirstSeen, f.Member),
        SendsHeld h => RoomLine.Warning(
            h.Time,
            $"SENDING HELD: nothing you type is sent, and {h.Member} gets no room key, while {h.Member}'s changed key is not trusted. " +
            $"/verify {h.Member}, then /trust {h.Member} if the safety numbers match, or /leave.",
            loud: true,
            RoomLineCodes.SendsHeld,
            h.Member),
        SendsResumed r => RoomLine.Event(r.Time, "sending resumed: no member with an untrusted key is left in the room", RoomLineCodes.SendsResumed),
        HubMismatch h => RoomLine.Warning(
            h.Time,
            $"the relay named {h.NamedHub} key hub, but by the join order you saw it should be {h.ExpectedHub}. The relay may be tampering with this room.",
            loud: true,
            RoomLineCodes.HubMismatch,
            h.NamedHub),
        RosterMismatch r => RoomLine.Warning(
            r.Time,
            $"the key hub {r.Hub} sees different members than you (epoch {r.Epoch}{Names("; only the hub sees: ", r.NotSeenHere)}{Names("; only you see: ", r.NotInRekey)}). " +
            "The relay may be showing members different rooms.",
            loud: true,
            RoomLineCodes.RosterMismatch,
            r.Hub),
        MessagesMissing m => RoomLine.Warning(
            m.Time, $"{m.Count} message{(m.Count == 1 ? "" : "s")} from {m.Sender} never arrived (from number {m.FirstMissing}): the relay dropped them", loud: true, RoomLineCodes.MessagesMissing, m.Sender),
        RoomResumed r => RoomLine.Event(r.Time, Resumed(caughtUpMessages), RoomLineCodes.Resumed),
        MessagesMissed m => RoomLine.Warning(
            m.Time,
            $"some messages could not be recovered: {m.Reason}; rejoining the room (what was said while you were away is lost to you)",
            loud: true,
            RoomLineCodes.MessagesMissed),
        EpochsExhausted e => RoomLine.Warning(
            e.Time,
            $"the room ran out of key epochs (last {e.LastEpoch}): no new key can be made, so you left it. Create a new room to go on.",
            loud: true,
            RoomLineCodes.EpochsExhausted),
        _ => RoomLine.Event(roomEvent.Time, roomEvent.GetType().Name, RoomLineCodes.Other),
    };

    /// <summary>After a resume: how many messages the relay replayed (joins and leaves have their own lines).</summary>
    private static string Resumed(int messages) => messages switch
    {
        0 => "back; nothing missed",
        1 => "back; 1 message caught up",
        _ => $"back; {messages} messages caught up",
    };

    private static string Names(string label, IReadOnlyList<string> names) => names.Count == 0 ? "" : label + string.Join(", ", names);

    /// <summary>The first 16 hex digits of a fingerprint: enough to tell keys apart at a glance; /who shows all.</summary>
    public static string ShortFingerprint(string fingerprint)
    {
        var digits = Fingerprints.Normalize(fingerprint);
        return digits.Length <= 16
            ? digits
            : $"{digits[..4]} {digits[4..8]} {digits[8..12]} {digits[12..16]}…";
    }

    public static string Describe(RejectionReason reason) => reason switch
    {
        RejectionReason.BadSignature => "its signature does not verify",
        RejectionReason.Replay => "it is a duplicate or a replay",
        RejectionReason.UnknownEpoch => "its room key is not held",
        RejectionReason.KeyNotReceived => "its room key never arrived",
        RejectionReason.Tampered => "it was tampered with",
        RejectionReason.Expired => "it is too old",
        RejectionReason.FromTheFuture => "it is dated in the future",
        RejectionReason.Malformed => "it is malformed",
        RejectionReason.NotFromHub => "a key change not sent by the hub",
        RejectionReason.UnknownSender => "the sender is not in the room",
        _ => reason.ToString(),
    };
}
