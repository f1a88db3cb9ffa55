using PyChat.Client.Internal.Payloads;

namespace PyChat.Client.Internal;

/// <summary>
/// What a member checks of the relay's word (docs/PROTOCOL.md §6.4): the hub it names, the roster the hub's
/// Rekeys were made for, and gaps in each sender's sequence; and the trust rule for changed identity keys.
/// </summary>
internal sealed partial class RoomSession
{
    // A hostile relay could make membership churn without end; the rosters kept for matching Rekeys are bounded.
    private const int RostersKept = 32;

    // The rosters this client has seen since the one the last Rekey matched, oldest first. A Rekey reflects
    // the hub's roster at some point of the room's order before the Rekey, so it matches one of these.
    private readonly List<HashSet<string>> _rosters = [];
    private (string Named, string Expected)? _hubMismatchReported;

    /// <summary>Members whose identity key changed and is not trusted: while any is in the room, this client sends nothing.</summary>
    public IReadOnlyList<string> SendsHeldBy =>
        _members.Where(m => m.Trust == PeerTrust.Changed).Select(m => m.Name).ToArray();

    /// <summary>
    /// The user trusted a key (in <see cref="IKnownPeers"/>): members whose changed key is now trusted stop holding
    /// sends, and the hub starts an epoch that keys them.
    /// </summary>
    public void OnTrustChanged()
    {
        if (_joined && RefreshTrust() && IsHub)
        {
            StartNewEpoch();
        }

        if (_joined)
        {
            TryResend();
        }
    }

    /// <summary>
    /// Re-reads the trust of every member; true if a changed one became trusted. Every member, not only the changed
    /// ones: a key trusted in another room (the real bob's, say) turns this room's bob, keyed until now, into a
    /// changed key: it is withheld and holds sends from here on.
    /// </summary>
    private bool RefreshTrust()
    {
        var wasHeld = SendsHeldBy.Count > 0;
        var trusted = false;
        foreach (var member in _members.Where(m => !string.Equals(m.Name, _self, StringComparison.Ordinal)))
        {
            var trust = _knownPeers.Check(member.Name, member.IdentityKey);
            if ((trust == PeerTrust.Changed) == (member.Trust == PeerTrust.Changed))
            {
                continue; // first seen and trusted alike: keep what the application was told
            }

            member.Trust = trust;
            if (trust == PeerTrust.Changed)
            {
                RaiseTrust(member);
            }
            else
            {
                trusted = true;
            }
        }

        if (wasHeld && SendsHeldBy.Count == 0)
        {
            Raise(new SendsResumed(_room, Now));
        }

        return trusted;
    }

    /// <summary>
    /// The relay always elects the longest-present member that is not away, so the hub is the first such member in
    /// the join order this client saw.
    /// </summary>
    private void CheckHub()
    {
        var expected = _members.Find(m => !m.Away)?.Name ?? _hub;
        if (string.Equals(expected, _hub, StringComparison.Ordinal))
        {
            _hubMismatchReported = null;
        }
        else if (_hubMismatchReported != (_hub, expected))
        {
            _hubMismatchReported = (_hub, expected);
            Raise(new HubMismatch(_room, Now, _hub, expected));
        }
    }

    private void RecordRoster()
    {
        _rosters.Add(_members.Select(m => m.Name).ToHashSet(StringComparer.Ordinal));
        if (_rosters.Count > RostersKept)
        {
            _rosters.RemoveAt(0);
        }
    }

    /// <summary>
    /// A valid Rekey lists every member the hub saw (keyed or withheld) besides itself. It must match a roster
    /// this client saw since the previous Rekey matched one; else the relay shows members different rooms.
    /// A Rekey with no entry for this client was made before the hub saw it join: nothing to compare.
    /// </summary>
    private void CheckRoster(RoomMemberState hub, RekeyPayload rekey)
    {
        if (rekey.KeyFor(_self) is null || _rosters.Count == 0)
        {
            return;
        }

        var listed = rekey.Keys.Select(k => k.Member).Append(hub.Name).ToHashSet(StringComparer.Ordinal);
        var match = _rosters.FindIndex(r => r.SetEquals(listed));
        if (match >= 0)
        {
            _rosters.RemoveRange(0, match);
            return;
        }

        var current = _rosters[^1];
        Raise(new RosterMismatch(
            _room,
            Now,
            hub.Name,
            rekey.Epoch,
            [.. listed.Except(current).Order(StringComparer.Ordinal)],
            [.. current.Except(listed).Order(StringComparer.Ordinal)]));
        _rosters.RemoveRange(0, _rosters.Count - 1);
    }

    /// <summary>
    /// Sequences go up by one per message (§6.3): a jump means messages the relay did not deliver. A member present
    /// before this client joined may have sent any number before, so its first message sets where counting starts.
    /// </summary>
    private void NoteSequence(RoomMemberState sender, ulong sequence)
    {
        if (sequence <= sender.HighestSequenceSeen)
        {
            return;
        }

        var next = sender.HighestSequenceSeen + 1;
        if ((sender.HighestSequenceSeen > 0 || sender.JoinedAfterUs) && sequence > next)
        {
            Raise(new MessagesMissing(_room, Now, sender.Name, next, sequence - next));
        }

        sender.HighestSequenceSeen = sequence;
    }
}
