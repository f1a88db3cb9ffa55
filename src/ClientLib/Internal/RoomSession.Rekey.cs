using System.Security.Cryptography;
using PyChat.Client.Cryptography;
using PyChat.Client.Internal.Payloads;

namespace PyChat.Client.Internal;

internal sealed partial class RoomSession
{
    /// <summary>The last epoch a room can use; after it the room cannot be rekeyed and must be left (docs/PROTOCOL.md §6.2).</summary>
    public const uint LastEpoch = uint.MaxValue - 1;

    /// <summary>
    /// Hub only (docs/PROTOCOL.md §6.2): a new epoch one above the highest seen, a fresh room key and a
    /// fresh hub ephemeral key, the room key wrapped for every other member with a verified announcement;
    /// publish the signed Rekey, then install the key here.
    /// </summary>
    private void StartNewEpoch()
    {
        if (_keys.HighestSeen >= LastEpoch)
        {
            Exhaust();
            return;
        }

        var epoch = _keys.HighestSeen + 1;
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

        if (others.Count > 0)
        {
            _output.Publish(new RekeyPayload(epoch, hubEphemeral.PublicKey, keys).Encode(_room, _self, _identity));
        }

        var keyed = others.Where(m => keys.Exists(k => k.Member == m.Name && !k.WrappedKey.IsEmpty)).ToHashSet();
        RecordEpochMembers(epoch, new EpochMembers([.. others], keyed));
        Install(epoch, roomKey, _self);
        TryResend();
    }

    /// <summary>The hub rotates when the current epoch has carried enough messages or is old enough.</summary>
    private void RotateIfDue()
    {
        if (IsHub && HasKey
            && (_chatsInEpoch >= _options.RekeyAfterMessages || Now - _keys.CurrentSince >= _options.RekeyAfterAge))
        {
            StartNewEpoch();
        }
    }

    private void ReceiveRekey(RoomMemberState sender, ReadOnlyMemory<byte> payload)
    {
        if (!string.Equals(sender.Name, _hub, StringComparison.Ordinal))
        {
            Reject(sender.Name, RejectionReason.NotFromHub, $"rekey from a member that is not the hub ({_hub})");
            return;
        }

        if (!RekeyPayload.TryDecode(payload, out var rekey) || rekey.Epoch is 0 or > LastEpoch)
        {
            Reject(sender.Name, RejectionReason.Malformed, "rekey does not decode");
            return;
        }

        if (rekey.Epoch <= _keys.HighestSeen)
        {
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
        // stop being stale.
        var keysADepartedStay = KeysADepartedStay(rekey);
        RecordEpochMembers(rekey.Epoch, MembersOfRekey(sender, rekey));
        ForgetStaleNames(rekey);

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
        RecordKeyedHere(epoch);
        if (_firstEpoch == 0)
        {
            _firstEpoch = epoch;
        }

        _chatsInEpoch = 0;
        Raise(new KeyRotated(_room, Now, epoch, hub));
        FlushPending();
    }
}
