using System.Diagnostics.CodeAnalysis;
using PyChat.Client.Cryptography;
using PyChat.Client.Internal.Payloads;
using PyChat.Protocol;
using PyChat.Protocol.Frames;

namespace PyChat.Client.Internal;

internal sealed partial class RoomSession
{
    /// <summary>
    /// The relay's answer to CreateRoom (<paramref name="created"/>) or JoinRoom. Both are handled alike:
    /// whoever the relay names hub makes the next epoch, which for a creator is epoch 1, made locally
    /// because no one else is there to receive it.
    /// </summary>
    public void OnRoomJoined(RoomJoinedFrame frame, bool created)
    {
        ArgumentNullException.ThrowIfNull(frame);
        EnsureFrameFor(frame.Room, mustBeJoined: false);
        if (_joined)
        {
            throw new InvalidOperationException("RoomJoined twice for one session");
        }

        _joined = true;
        _hub = frame.Hub;
        _hubSince = frame.Offset;
        _formerHubs.Add(_hub);
        LastOffset = frame.Offset;
        LogEpoch = frame.LogEpoch;
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in frame.Members)
        {
            // A relay lists each member once and at most RoomCapacity of them; anything else is ignored
            // so that a hostile list cannot make two states for one name or a Rekey too big to encode.
            if (!listed.Add(member.Name) || listed.Count > ProtocolLimits.RoomCapacity)
            {
                Reject(member.Name, RejectionReason.Malformed, "the relay listed this member twice or past the room's capacity; entry ignored");
            }
            else if (string.Equals(member.Name, _self, StringComparison.Ordinal))
            {
                _members.Add(new RoomMemberState(_self, _identity.PublicKey) { MemberKey = _memberKey.PublicKey.ToArray(), JoinOffset = frame.Offset });
            }
            else if (TryAdmit(member, out var state))
            {
                RaiseTrust(state);
                CheckAnnouncement(state, member.Announcement);
            }
        }

        if (!listed.Contains(_self))
        {
            _members.Add(new RoomMemberState(_self, _identity.PublicKey) { MemberKey = _memberKey.PublicKey.ToArray(), JoinOffset = frame.Offset });
        }

        foreach (var away in frame.Away)
        {
            if (Find(away) is { } member && !string.Equals(away, _self, StringComparison.Ordinal))
            {
                member.Away = true;
            }
        }

        RecordRoster();
        CheckHub();

        // A creator has no one to send epoch 1 to: StartNewEpoch just makes it. A joiner the relay
        // names hub starts a new epoch like an elected hub.
        if (IsHub)
        {
            StartNewEpoch();
        }
    }

    /// <summary>Someone joined: remember its key and announcement; the hub rekeys so it cannot read earlier traffic.</summary>
    public void OnMemberJoined(MemberJoinedFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        EnsureFrameFor(frame.Room);
        if (!TakeOffset(frame.Offset))
        {
            return;
        }

        if (string.Equals(frame.Member.Name, _self, StringComparison.Ordinal))
        {
            return;
        }

        if (_members.RemoveAll(m => string.Equals(m.Name, frame.Member.Name, StringComparison.Ordinal)) > 0)
        {
            _staleNames[frame.Member.Name] = frame.Offset; // a stay replaced without a leave: its entries in Rekeys are not the new stay's
        }

        if (_members.Count >= ProtocolLimits.RoomCapacity)
        {
            Reject(frame.Member.Name, RejectionReason.Malformed, "the relay announced a member past the room's capacity; member ignored");
            return;
        }

        if (!TryAdmit(frame.Member, out var state))
        {
            return;
        }

        // Anything this member sends in this stay uses an epoch made after this point.
        state.MinimumEpoch = _keys.HighestSeen + 1;
        state.JoinOffset = frame.Offset;
        state.JoinedAfterUs = true;
        Raise(new MemberJoined(_room, Now, state.Name, state.IdentityKey.FingerprintHex));
        RaiseTrust(state);
        CheckAnnouncement(state, frame.Member.Announcement);
        RecordRoster();
        if (IsHub)
        {
            StartNewEpoch();
        }
    }

    /// <summary>Someone left: forget it (its sequence too); follow a hub change; the hub rekeys so it cannot read later traffic.</summary>
    public void OnMemberLeft(MemberLeftFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        EnsureFrameFor(frame.Room);
        if (!TakeOffset(frame.Offset))
        {
            return;
        }

        var wasHeld = SendsHeldBy.Count > 0;
        var removed = !string.Equals(frame.Member, _self, StringComparison.Ordinal)
            && _members.RemoveAll(m => string.Equals(m.Name, frame.Member, StringComparison.Ordinal)) > 0;
        if (removed)
        {
            RecordRoster();
            // The departed member holds the current key: from here on this client only receives with
            // it and sends nothing until the hub's next epoch arrives (docs/PROTOCOL.md §6.2). Messages
            // encrypted before this point are already on their way and still open within the grace period.
            _receiveOnlyThrough = _keys.CurrentEpoch;
            _staleNames[frame.Member] = frame.Offset;
            Raise(new MemberLeft(_room, Now, frame.Member));
            if (wasHeld && SendsHeldBy.Count == 0)
            {
                Raise(new SendsResumed(_room, Now));
            }
        }

        FollowHub(frame.Hub, rekey: removed);
        TryResend(); // a re-send waiting for this member's key is not needed any more
    }

    /// <summary>
    /// A member's connection dropped: it stays a member (keyed in every Rekey, since it reads them when it resumes),
    /// but is never hub while away. Nothing it holds changes, so no epoch becomes receive-only.
    /// </summary>
    public void OnMemberAway(MemberAwayFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        EnsureFrameFor(frame.Room);
        if (!TakeOffset(frame.Offset))
        {
            return;
        }

        if (Find(frame.Member) is { } member && !string.Equals(frame.Member, _self, StringComparison.Ordinal) && !member.Away)
        {
            member.Away = true;
            Raise(new MemberAway(_room, Now, member.Name));
        }

        FollowHub(frame.Hub, rekey: false);
    }

    /// <summary>An away member resumed its seat, with the member key and room keys it had.</summary>
    public void OnMemberBack(MemberBackFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        EnsureFrameFor(frame.Room);
        if (!TakeOffset(frame.Offset))
        {
            return;
        }

        if (Find(frame.Member) is { } member && member.Away)
        {
            member.Away = false;
            Raise(new MemberBack(_room, Now, member.Name));
        }

        FollowHub(frame.Hub, rekey: false);
    }

    /// <summary>
    /// The relay gave this client its seat back (docs/PROTOCOL.md §5.1), after the frames it missed: follow the hub it
    /// names now (a member that becomes hub starts a new epoch, as after MemberAway). Keys and sequences go on as before.
    /// </summary>
    public void OnRoomResumed(RoomResumedFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        EnsureFrameFor(frame.Room);
        LastOffset = Math.Max(LastOffset, frame.Offset);
        FollowHub(frame.Hub, rekey: false);
        StartNewEpochIfNeeded(); // a hub whose unordered Rekeys the network client dropped on resume makes the one still needed
    }

    /// <summary>Follows the hub the relay names; a member that just became hub starts a new epoch (so does the hub after a leave).</summary>
    private void FollowHub(string hub, bool rekey)
    {
        var wasHub = IsHub;
        if (!string.Equals(hub, _hub, StringComparison.Ordinal))
        {
            _hub = hub;
            _hubSince = LastOffset;
            _formerHubs.Add(hub);
            Raise(new HubChanged(_room, Now, _hub));
        }

        CheckHub();

        if (IsHub && (rekey || !wasHub))
        {
            StartNewEpoch();
        }
    }

    private bool TryAdmit(RoomMember member, [NotNullWhen(true)] out RoomMemberState? state)
    {
        state = null;
        if (!Names.IsValid(member.Name))
        {
            Reject(member.Name, RejectionReason.Malformed, "the relay listed a name that breaks the naming rule; member ignored");
            return false;
        }

        if (!IdentityPublicKey.TryFromSubjectPublicKeyInfo(member.IdentityKey.Span, out var key))
        {
            Reject(member.Name, RejectionReason.Malformed, "the relay listed an identity key that is not a P-256 SubjectPublicKeyInfo; member ignored");
            return false;
        }

        state = new RoomMemberState(member.Name, key) { Trust = _knownPeers.Check(member.Name, key) };
        _members.Add(state);
        return true;
    }

    /// <summary>
    /// Tells the application what trust on first use made of a member: new (keyed as usual, shown as new), or
    /// changed — then this client holds its sends and, as hub, withholds room keys from that member until the
    /// user trusts the key or the member leaves (docs/PROTOCOL.md §6.4).
    /// </summary>
    private void RaiseTrust(RoomMemberState state)
    {
        switch (state.Trust)
        {
            case PeerTrust.FirstSeen:
                Raise(new PeerFirstSeen(_room, Now, state.Name, state.IdentityKey.FingerprintHex));
                break;
            case PeerTrust.Changed:
                var previous = _knownPeers.TryGetFingerprint(state.Name, out var remembered) ? remembered : string.Empty;
                Raise(new PeerKeyChanged(_room, Now, state.Name, previous, state.IdentityKey.FingerprintHex));
                Raise(new SendsHeld(_room, Now, state.Name, state.IdentityKey.FingerprintHex));
                break;
        }
    }

    /// <summary>Verifies an announcement against the member's identity key; a member whose announcement fails gets no room keys.</summary>
    private void CheckAnnouncement(RoomMemberState state, ReadOnlyMemory<byte> announcement)
    {
        if (announcement.Length < PayloadTranscript.MinimumPayloadSize)
        {
            Reject(state.Name, RejectionReason.Malformed, "announcement too short; no room keys can be sent to this member");
        }
        else if (!PayloadTranscript.Verify(state.IdentityKey, _room, state.Name, announcement.Span))
        {
            Reject(state.Name, RejectionReason.BadSignature, "announcement signature does not verify; no room keys can be sent to this member");
        }
        else if (!Announcement.TryDecode(announcement, out var decoded))
        {
            Reject(state.Name, RejectionReason.Malformed, "announcement does not decode; no room keys can be sent to this member");
        }
        else
        {
            state.MemberKey = decoded.EphemeralPublicKey.ToArray();
        }
    }
}
