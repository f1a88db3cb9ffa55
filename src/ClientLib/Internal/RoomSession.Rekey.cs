using System.Security.Cryptography;
using PyChat.Client.Cryptography;
using PyChat.Client.Internal.Payloads;

namespace PyChat.Client.Internal;

internal sealed partial class RoomSession
{
    // Rekeys this session published as hub, in order, until the relay has ordered them (§6.6).
    private readonly List<OwnRekey> _ownRekeys = [];

    // Members the relay named hub at some point of this stay: a Rekey of theirs that arrives after the hub moved on lost
    // a race, it is no attack.
    private readonly HashSet<string> _formerHubs = new(StringComparer.Ordinal);

    // The member whose Rekey made the newest epoch this session counted.
    private string? _lastEpochFrom;

    /// <summary>The last epoch a room can use; after it the room cannot be rekeyed and must be left (docs/PROTOCOL.md §6.2).</summary>
    public const uint LastEpoch = uint.MaxValue - 1;

    /// <summary>
    /// Hub only (docs/PROTOCOL.md §6.2): a new epoch one above the highest seen or in flight, a fresh room key and a
    /// fresh hub ephemeral key, the room key wrapped for every other member with a verified announcement; publish the
    /// signed Rekey. The key is installed here only once the relay has ordered the Rekey and it counts at its place in
    /// the order (§6.6): a hub that lost the hub meanwhile, or whose epoch another hub's Rekey took first, must not
    /// send with a key nobody else installs. Alone in the room, it is installed at once: there is no one to disagree.
    /// </summary>
    private void StartNewEpoch()
    {
        var highest = Math.Max(_keys.HighestSeen, _ownRekeys.Count > 0 ? _ownRekeys[^1].Epoch : 0);
        if (highest >= LastEpoch)
        {
            Exhaust();
            return;
        }

        var epoch = highest + 1;
        var now = Now;
        var roomKey = FernetKey.Generate();
        using var hubEphemeral = EphemeralKeyPair.Generate();
        var keys = new List<WrappedRoomKey>();
        RefreshTrust();
        var others = _members.Where(m => !string.Equals(m.Name, _self, StringComparison.Ordinal)).ToList();
        foreach (var member in others)
        {
            // Every member the hub sees is listed, so members can check the hub's roster against theirs (§6.2).
            // One whose announcement failed, or whose identity key changed and is not trusted, is listed
            // withheld: an empty entry. The latter is how an impostor the relay lets in under a known name
            // gets nothing.
            if (member.MemberKey is null || member.Trust == PeerTrust.Changed)
            {
                keys.Add(new WrappedRoomKey(member.Name, ReadOnlyMemory<byte>.Empty));
                continue;
            }

            try
            {
                var context = new RoomKeyWrapContext(_room, epoch, _identity.PublicKey, member.IdentityKey);
                keys.Add(new WrappedRoomKey(member.Name, RoomKeyWrap.Wrap(roomKey, hubEphemeral, member.MemberKey, context, now)));
            }
            catch (Exception e) when (e is ArgumentException or CryptographicException)
            {
                // Announcements are checked when they arrive; this keeps one bad member key from
                // stopping the rekey for everyone else.
                member.MemberKey = null;
                keys.Add(new WrappedRoomKey(member.Name, ReadOnlyMemory<byte>.Empty));
                Reject(member.Name, RejectionReason.Malformed, "announced key is not a valid P-256 point; no room keys can be sent to this member");
            }
        }

        var keyed = others.Where(m => keys.Exists(k => k.Member == m.Name && !k.WrappedKey.IsEmpty)).ToHashSet();
        var members = new EpochMembers([.. others], keyed);
        if (others.Count == 0)
        {
            TakeEffect(epoch, roomKey, members);
            return;
        }

        var payload = new RekeyPayload(epoch, hubEphemeral.PublicKey, keys).Encode(_room, _self, _identity);
        _ownRekeys.Add(new OwnRekey(payload, epoch, roomKey, members));
        _output.Publish(payload);
    }

    /// <summary>
    /// The relay ordered one of this session's Rekeys (<paramref name="payload"/>, the array it published): it counts by
    /// the rule every receiver applies at that place (§6.6), and only then is its key installed here. One that does not
    /// count is dropped, and a hub that still needs an epoch makes another. False if the payload is not a Rekey of ours.
    /// </summary>
    private bool OnOwnRekeyOrdered(byte[] payload)
    {
        var index = _ownRekeys.FindIndex(r => ReferenceEquals(r.Payload, payload));
        if (index < 0)
        {
            return false;
        }

        var rekey = _ownRekeys[index];
        _ownRekeys.RemoveAt(index);
        if (IsHub && Counts(rekey.Epoch))
        {
            // Stale names change for the hub as for every receiver of this Rekey.
            ForgetStaleNamesBeforeHub();
            ForgetStaleNames(name => rekey.Members.Listed.Any(m => m.Name == name));
            TakeEffect(rekey.Epoch, rekey.Key, rekey.Members);
            return true;
        }

        rekey.Key.Dispose();
        StartNewEpochIfNeeded();
        return true;
    }

    /// <summary>
    /// One of this session's Rekeys reached no one: the relay refused it, or a resume showed it was never ordered and it
    /// will not be sent (it was made for a room that has moved on). Its key is discarded; as hub, the next tick (or the
    /// resume) makes another if one is still needed. False if the payload is not a Rekey in flight.
    /// </summary>
    public bool OnPublishRefused(byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var index = _ownRekeys.FindIndex(r => ReferenceEquals(r.Payload, payload));
        if (index < 0)
        {
            return false;
        }

        _ownRekeys[index].Key.Dispose();
        _ownRekeys.RemoveAt(index);
        return true;
    }

    /// <summary>
    /// As hub with no Rekey in flight: a new epoch if sending needs one (a member left since the current key) or a
    /// member with a verified announcement and a trusted key is not among those the current epoch was made for.
    /// </summary>
    private void StartNewEpochIfNeeded()
    {
        if (!IsHub || _ownRekeys.Count > 0 || IsExhausted)
        {
            return;
        }

        var self = Find(_self);
        var unkeyed = _members.Exists(m => m != self && m.MemberKey is not null && m.Trust != PeerTrust.Changed && !MadeFor(_keys.CurrentEpoch, m));
        if (!HasKey || unkeyed)
        {
            StartNewEpoch();
        }
    }

    /// <summary>Whether a Rekey to <paramref name="epoch"/> from the hub is the next epoch (the receivers' epoch checks, §6.2).</summary>
    private bool Counts(uint epoch) =>
        epoch > _keys.HighestSeen && (_keys.HighestSeen == 0 || epoch == _keys.HighestSeen + 1);

    private void TakeEffect(uint epoch, FernetKey roomKey, EpochMembers members)
    {
        RecordEpochMembers(epoch, members);
        Install(epoch, roomKey, _self);
        TryResend();
    }

    /// <summary>The hub rotates when the current epoch has carried enough messages or is old enough.</summary>
    private void RotateIfDue()
    {
        if (IsHub && HasKey && _ownRekeys.Count == 0
            && (_chatsInEpoch >= _options.RekeyAfterMessages || Now - _keys.CurrentSince >= _options.RekeyAfterAge))
        {
            StartNewEpoch();
        }
    }

    private void ReceiveRekey(RoomMemberState sender, ReadOnlyMemory<byte> payload)
    {
        if (!string.Equals(sender.Name, _hub, StringComparison.Ordinal))
        {
            // A member that was hub here made it before it saw the hub move on, and the relay ordered it after (§6.6):
            // it counts for no one, its sender included, and nothing is wrong. Any other member's is reported.
            if (!_formerHubs.Contains(sender.Name))
            {
                Reject(sender.Name, RejectionReason.NotFromHub, $"rekey from a member that is not the hub ({_hub})");
            }

            return;
        }

        if (!RekeyPayload.TryDecode(payload, out var rekey) || rekey.Epoch is 0 or > LastEpoch)
        {
            Reject(sender.Name, RejectionReason.Malformed, "rekey does not decode");
            return;
        }

        if (rekey.Epoch <= _keys.HighestSeen)
        {
            // From the hub: if its epoch is the one the last Rekey took, that Rekey was another hub's, ordered first while
            // this hub's was on its way (§6.6); the hub drops its own and makes the next. Anything older is a replay.
            if (rekey.Epoch == _keys.HighestSeen && _lastEpochFrom is { } last && last != sender.Name)
            {
                return;
            }

            Reject(sender.Name, RejectionReason.Replay, $"rekey to epoch {rekey.Epoch} is not newer than epoch {_keys.HighestSeen}");
            return;
        }

        // The hub always uses the highest epoch seen plus one, and every member has seen the same Rekeys
        // in the same order, so a bigger step is not an honest hub's: it would only burn the epoch space.
        // A joiner that has seen no Rekey yet has nothing to count from and takes the first one as it is.
        if (_keys.HighestSeen != 0 && rekey.Epoch != _keys.HighestSeen + 1)
        {
            Reject(sender.Name, RejectionReason.Malformed, $"rekey to epoch {rekey.Epoch} skips epochs after {_keys.HighestSeen}");
            return;
        }

        CheckRoster(sender, rekey);

        // Who this epoch keys (§6.5), and whether it keys a stay that has left; read before the names it leaves out
        // stop being stale, but after those a hub elected since their leave keys as new stays.
        ForgetStaleNamesBeforeHub();
        var keysADepartedStay = KeysADepartedStay(rekey);
        RecordEpochMembers(rekey.Epoch, MembersOfRekey(sender, rekey));
        ForgetStaleNames(name => rekey.KeyFor(name) is not null);

        // No entry is normal for a joiner whose join the hub had not seen yet (the next Rekey will
        // have it), so it is not reported; a message of that epoch is, as KeyNotReceived. An empty entry
        // is the hub withholding the key (§6.2). Either way a member that was never keyed takes no epoch
        // floor from it: a replayed old Rekey must not lock a joiner out of the real one that follows.
        var entry = rekey.KeyFor(_self);
        if (entry is null || entry.WrappedKey.IsEmpty)
        {
            _keys.MarkMissed(rekey.Epoch);
            FlushPending();
            return;
        }

        var context = new RoomKeyWrapContext(_room, rekey.Epoch, sender.IdentityKey, _identity.PublicKey);
        if (!RoomKeyWrap.TryUnwrap(entry.WrappedKey.Span, _memberKey, rekey.HubEphemeralPublicKey.Span, context, Now, out var roomKey))
        {
            if (_firstEpoch == 0)
            {
                // Before this stay's first key, an entry under this name that does not open is normal: the hub made the
                // Rekey before it saw this stay join, for the name's previous stay (a leave and a join again while the
                // Rekey was on its way), and its next Rekey keys this one. Noted like a missing entry, not reported.
                _keys.MarkMissed(rekey.Epoch);
                FlushPending();
                return;
            }

            Missed(rekey.Epoch, sender.Name, RejectionReason.Tampered, $"the wrapped key for epoch {rekey.Epoch} does not open");
            return;
        }

        Install(rekey.Epoch, roomKey, sender.Name);

        // A Rekey that keys a member this client saw leave was made before the hub saw the leave: the departed
        // member holds it, so it is for receiving only, like the epoch the leave found (§6.2); the hub's next
        // Rekey, made without that member, is the one to send with. That holds too when the name is back
        // with a new stay before the hub's Rekey without it arrived: the entry is the departed stay's.
        if (keysADepartedStay)
        {
            _receiveOnlyThrough = Math.Max(_receiveOnlyThrough, rekey.Epoch);
        }

        TryResend();
    }

    /// <summary>No epoch is left to start: say so once; the network client then leaves the room.</summary>
    private void Exhaust()
    {
        if (!IsExhausted)
        {
            IsExhausted = true;
            Raise(new EpochsExhausted(_room, Now, _keys.HighestSeen));
        }
    }

    private void Missed(uint epoch, string hub, RejectionReason reason, string detail)
    {
        _keys.MarkMissed(epoch);
        Reject(hub, reason, detail);
        FlushPending();
    }

    private void Install(uint epoch, FernetKey roomKey, string hub)
    {
        _keys.Install(epoch, roomKey, Now);
        _lastEpochFrom = hub;
        RecordKeyedHere(epoch);
        if (_firstEpoch == 0)
        {
            _firstEpoch = epoch;
        }

        _chatsInEpoch = 0;
        Raise(new KeyRotated(_room, Now, epoch, hub));
        FlushPending();
    }

    /// <summary>A Rekey this session published, waiting for its place in the order; its key is installed only if it counts there.</summary>
    private sealed record OwnRekey(byte[] Payload, uint Epoch, FernetKey Key, EpochMembers Members);
}
