using System.Security.Cryptography;
using System.Text;
using PyChat.Client.Cryptography;
using PyChat.Client.Internal.Payloads;

namespace PyChat.Client.Internal;

/// <summary>
/// No member is delivered a chat it cannot read (docs/PROTOCOL.md §6.5). A chat the relay ordered after a member's join,
/// under an epoch that did not key that member (encrypted before its sender saw the join, or under a Rekey made before
/// the hub saw it), is sent again by its sender, with the same sequence and text, under an epoch that keys the member.
/// The member waits for that re-send instead of reporting the first copy; members that showed the first copy drop the
/// re-send quietly. The sender learns each chat's place in the order from its acknowledgement (<see cref="OnPublished"/>).
/// </summary>
internal sealed partial class RoomSession
{
    /// <summary>
    /// Bound on each list this file keeps: chats awaiting acknowledgement, re-sends waiting for a key, and per sender
    /// the sequences awaited and the re-send candidates shown (the relay's log holds at most 1,000 frames).
    /// </summary>
    internal const int ResendsTracked = 1024;

    // And at most this many bytes of text kept for chats awaiting acknowledgement (32 chats of the largest size).
    private const int UnackedTextBytes = 1024 * 1024;

    // Epochs whose members are remembered, newest kept; an epoch not among them counts as made for no one.
    private const int KeyedEpochsKept = 64;

    private readonly List<SentChat> _unacked = [];
    private readonly List<Resend> _resends = [];
    private readonly Dictionary<uint, EpochMembers> _epochMembers = [];

    // Names of members that left, whose entries in a Rekey still mean the departed stay: until a Rekey that does not list
    // the name (the hub made it after it saw the leave), a Rekey listing it was made before the leave (§6.5).
    // With the offset of the leave (or replacing join) that made each stale.
    private readonly Dictionary<string, ulong> _staleNames = new(StringComparer.Ordinal);

    // The offset from which the current hub has been hub (its election frame, or RoomJoined's).
    private ulong _hubSince;

    // Keys the digests of shown texts, so that memory holds no plain hash of a short text.
    private readonly byte[] _digestKey = RandomNumberGenerator.GetBytes(32);
    private uint _firstEpoch;
    private long _unackedTextBytes;

    /// <summary>
    /// The relay ordered <paramref name="payload"/> (the array <see cref="EncryptMessage"/> returned, or that this session
    /// gave to <see cref="IRoomSessionOutput.Publish"/>) at <paramref name="offset"/>: its acknowledgement (Published), or
    /// its own Deliver frame replayed on resume. If a member present there, joined before it, was not among the members the
    /// chat's epoch was made for (its hub had not seen it join), the chat is sent again under an epoch that keys it, now or
    /// once this session holds one. A member the epoch withheld its key from is not sent it again. Any other array is ignored.
    /// </summary>
    public void OnPublished(byte[] payload, ulong offset)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (OnOwnRekeyOrdered(payload))
        {
            return;
        }

        var index = _unacked.FindIndex(s => ReferenceEquals(s.Payload, payload));
        if (index < 0)
        {
            return;
        }

        var sent = _unacked[index];
        _unacked.RemoveAt(index);
        _unackedTextBytes -= sent.Plaintext.Length;
        var needed = _members
            .Where(m => !string.Equals(m.Name, _self, StringComparison.Ordinal) && m.MemberKey is not null && m.JoinOffset < offset && !MadeFor(sent.Epoch, m))
            .ToHashSet();
        if (needed.Count == 0)
        {
            CryptographicOperations.ZeroMemory(sent.Plaintext);
            return;
        }

        if (_resends.Count >= ResendsTracked)
        {
            CryptographicOperations.ZeroMemory(_resends[0].Plaintext);
            _resends.RemoveAt(0);
        }

        _resends.Add(new Resend(sent.Sequence, sent.Plaintext, sent.SentAt, needed));
        TryResend();
    }

    /// <summary>
    /// A chat of this session that the relay never ordered (a resume's replay did not have it) goes out now: under the
    /// current epoch if that is another (same sequence, same text, same timestamp: its first encryption was never
    /// delivered, so nobody sees it twice), since the epoch it was made under may be retired by the members by now (a
    /// client frozen for a minute). Returns the payload to send: the same array if nothing changed or no key is held.
    /// </summary>
    public byte[] Reseal(byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var index = _unacked.FindIndex(s => ReferenceEquals(s.Payload, payload));
        if (index < 0 || !HasKey || SendsHeldBy.Count > 0 || _unacked[index].Epoch == _keys.CurrentEpoch)
        {
            return payload;
        }

        var sent = _unacked[index];
        _unacked.RemoveAt(index);
        _unackedTextBytes -= sent.Plaintext.Length;
        try
        {
            return EncryptChat(sent.Plaintext, sent.Sequence, sent.SentAt);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(sent.Plaintext);
        }
    }

    /// <summary>Encrypts and signs a chat under the current epoch and keeps it (and its text) until its acknowledgement.</summary>
    private byte[] EncryptChat(ReadOnlySpan<byte> plaintext, ulong sequence, DateTimeOffset sentAt)
    {
        var token = Fernet.Encrypt(_keys.CurrentKey!, plaintext, sentAt);
        _chatsInEpoch++;
        var payload = new ChatPayload(_keys.CurrentEpoch, sequence, Encoding.ASCII.GetBytes(token)).Encode(_room, _self, _identity);
        _unacked.Add(new SentChat(payload, sequence, _keys.CurrentEpoch, plaintext.ToArray(), sentAt));
        _unackedTextBytes += plaintext.Length;
        while (_unacked.Count > ResendsTracked || _unackedTextBytes > UnackedTextBytes)
        {
            ForgetUnacked(0);
        }
        return payload;
    }

    /// <summary>
    /// Sends the waiting re-sends whose members the current epoch keys (those that left need none), if this session may
    /// send: a key no departed member holds, and no hold. Same sequence, same text, same timestamp, new epoch.
    /// </summary>
    private void TryResend()
    {
        if (_resends.Count == 0 || !HasKey || SendsHeldBy.Count > 0 || IsExhausted)
        {
            return;
        }

        var epoch = _keys.CurrentEpoch;
        foreach (var resend in _resends.ToList())
        {
            // Not sent again to a member that left, nor to one the hub withholds keys from (§6.4): that was the hub's decision.
            resend.Needed.RemoveWhere(m => !_members.Contains(m) || (MadeFor(epoch, m) && !Keyed(epoch, m)));
            if (resend.Needed.Count > 0 && !resend.Needed.All(m => Keyed(epoch, m)))
            {
                continue; // wait for an epoch the hub makes after those joins
            }

            _resends.Remove(resend);
            if (resend.Needed.Count > 0)
            {
                _output.Publish(EncryptChat(resend.Plaintext, resend.Sequence, resend.SentAt));
            }

            CryptographicOperations.ZeroMemory(resend.Plaintext);
        }
    }

    /// <summary>The relay replayed one of this session's own Deliver frames (resume): that chat was ordered at <paramref name="offset"/>.</summary>
    private void OnOwnDeliver(ReadOnlyMemory<byte> payload, ulong offset)
    {
        var sent = _unacked.Find(s => payload.Span.SequenceEqual(s.Payload))?.Payload
            ?? _ownRekeys.Find(r => payload.Span.SequenceEqual(r.Payload))?.Payload;
        if (sent is not null)
        {
            OnPublished(sent, offset);
        }
    }

    /// <summary>Whether <paramref name="member"/> holds the key of <paramref name="epoch"/>, as every member can tell from the Rekeys.</summary>
    private bool Keyed(uint epoch, RoomMemberState member) =>
        _epochMembers.TryGetValue(epoch, out var members) && members.Keyed.Contains(member);

    /// <summary>Whether the hub made <paramref name="epoch"/> for <paramref name="member"/>'s stay: keyed it or withheld it deliberately.</summary>
    private bool MadeFor(uint epoch, RoomMemberState member) =>
        _epochMembers.TryGetValue(epoch, out var members) && members.Listed.Contains(member);

    private void RecordEpochMembers(uint epoch, EpochMembers members)
    {
        _epochMembers[epoch] = members;
        if (_epochMembers.Count > KeyedEpochsKept)
        {
            _epochMembers.Remove(_epochMembers.Keys.Min());
        }
    }

    private void RecordKeyedHere(uint epoch)
    {
        if (_epochMembers.TryGetValue(epoch, out var members) && Find(_self) is { } self)
        {
            members.Keyed.Add(self);
            members.Listed.Add(self);
        }
    }

    /// <summary>
    /// The members a valid Rekey from <paramref name="hub"/> was made for: the hub, and each current member it lists, keyed
    /// (a non-empty entry) or withheld, unless its name belongs to a departed stay still (a Rekey made before the hub saw that
    /// leave). This client counts as listed if its entry is there, and as keyed once its key is installed.
    /// </summary>
    private EpochMembers MembersOfRekey(RoomMemberState hub, RekeyPayload rekey)
    {
        var members = new EpochMembers([hub], [hub]);
        foreach (var entry in rekey.Keys)
        {
            if (!_staleNames.ContainsKey(entry.Member) && Find(entry.Member) is { } member)
            {
                members.Listed.Add(member);
                if (!entry.WrappedKey.IsEmpty && !string.Equals(member.Name, _self, StringComparison.Ordinal))
                {
                    members.Keyed.Add(member);
                }
            }
        }

        return members;
    }

    /// <summary>A Rekey keys a departed stay if it gives a key to a name that left, or whose leave the hub had not seen when it made it.</summary>
    private bool KeysADepartedStay(RekeyPayload rekey) =>
        rekey.Keys.Any(k => !k.WrappedKey.IsEmpty && !string.Equals(k.Member, _self, StringComparison.Ordinal)
            && (Find(k.Member) is null || _staleNames.ContainsKey(k.Member)));

    /// <summary>
    /// Names a counted Rekey shows to be current stays again: those it does not list, and all of them if its hub became hub
    /// after the name left (§6.6: a hub's Rekey counts only where it is hub, and a hub elected after a leave made its Rekeys
    /// after it saw that leave, so an entry of its for the name is the new stay's).
    /// </summary>
    private void ForgetStaleNames(Func<string, bool> listed)
    {
        foreach (var (name, leftAt) in _staleNames.ToArray())
        {
            if (!listed(name) || leftAt <= _hubSince)
            {
                _staleNames.Remove(name);
            }
        }
    }

    /// <summary>Stale names whose leave came before the current hub was elected: its Rekeys key their new stays (see <see cref="ForgetStaleNames"/>).</summary>
    private void ForgetStaleNamesBeforeHub() => ForgetStaleNames(_ => true);

    /// <summary>
    /// A chat under an epoch older than this client's first key, not made for this client (its Rekey did not list it, or was
    /// never seen here): its sender saw the same and sends it again (§6.5). One under an epoch that listed this client
    /// (withheld, or an entry that did not open) is not sent again and is reported as today.
    /// </summary>
    private bool AwaitsResend(uint epoch) =>
        _firstEpoch != 0 && epoch < _firstEpoch && !(Find(_self) is { } self && MadeFor(epoch, self));

    /// <summary>A sequence below the sender's last shown that may legitimately come again: awaited here, or shown and awaited elsewhere.</summary>
    private static bool MayComeAgain(RoomMemberState sender, ulong sequence) =>
        sender.AwaitedResends.ContainsKey(sequence) || sender.ResendCandidates.ContainsKey(sequence);

    private void AwaitResend(RoomMemberState sender, ChatPayload chat)
    {
        if (sender.AwaitedResends.ContainsKey(chat.Sequence))
        {
            return; // the first copy again
        }

        if (sender.AwaitedResends.Count >= ResendsTracked)
        {
            Reject(sender.Name, RejectionReason.KeyNotReceived, $"too many of this sender's messages await their re-send; epoch {chat.Epoch} dropped");
            return;
        }

        sender.AwaitedResends[chat.Sequence] = Now;
    }

    /// <summary>Whether a member present at the chat's place in the order (besides its sender) was not among those its epoch was made for: then its re-send will come.</summary>
    private bool SomeoneCouldNotRead(uint epoch, RoomMemberState sender, IReadOnlyList<RoomMemberState> present) =>
        present.Any(m => m != sender && m.MemberKey is not null && !MadeFor(epoch, m));

    private static void Remember(SortedDictionary<ulong, ShownChat> shown, ulong sequence, ShownChat chat)
    {
        shown[sequence] = chat;
        if (shown.Count > ResendsTracked)
        {
            shown.Remove(shown.Keys.First());
        }
    }

    private byte[] TextDigest(ReadOnlySpan<byte> plaintext) => HMACSHA256.HashData(_digestKey, plaintext);

    /// <summary>
    /// Time-driven: a re-send that has not come within <see cref="RoomSessionOptions.PendingMessageTimeout"/> is reported
    /// (its sender re-sends as soon as it has both the acknowledgement and a key this client holds, about a round trip
    /// after this client got both); shown chats whose re-send could no longer open are forgotten; so are unacknowledged
    /// chats and waiting re-sends that could no longer open.
    /// </summary>
    private void ExpireResends()
    {
        var now = Now;
        var lifetime = _options.MessageTimeToLive + _options.MaxClockSkew;
        foreach (var member in _members)
        {
            foreach (var (sequence, since) in member.AwaitedResends.Where(a => now - a.Value >= _options.PendingMessageTimeout).ToList())
            {
                member.AwaitedResends.Remove(sequence);
                Reject(member.Name, RejectionReason.KeyNotReceived, $"sequence {sequence} came under an epoch older than this client's first key, and its re-send did not arrive");
            }

            foreach (var sequence in member.ResendCandidates.Where(c => now - c.Value.ShownAt >= lifetime).Select(c => c.Key).ToList())
            {
                member.ResendCandidates.Remove(sequence);
            }
        }

        for (var i = _unacked.Count - 1; i >= 0; i--)
        {
            if (now - _unacked[i].SentAt >= lifetime)
            {
                ForgetUnacked(i);
            }
        }

        foreach (var resend in _resends.Where(r => now - r.SentAt >= lifetime).ToList())
        {
            CryptographicOperations.ZeroMemory(resend.Plaintext);
            _resends.Remove(resend);
        }
    }

    private void ForgetUnacked(int index)
    {
        var sent = _unacked[index];
        _unacked.RemoveAt(index);
        _unackedTextBytes -= sent.Plaintext.Length;
        CryptographicOperations.ZeroMemory(sent.Plaintext);
    }

    private void ForgetResends()
    {
        foreach (var plaintext in _unacked.Select(s => s.Plaintext).Concat(_resends.Select(r => r.Plaintext)))
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }

        _unacked.Clear();
        _unackedTextBytes = 0;
        _resends.Clear();
        CryptographicOperations.ZeroMemory(_digestKey);
    }

    /// <summary>The members an epoch was made for (<see cref="Listed"/>: keyed or withheld, and its hub) and those it keys.</summary>
    private sealed record EpochMembers(HashSet<RoomMemberState> Listed, HashSet<RoomMemberState> Keyed);

    /// <summary>A chat this session published, until its acknowledgement says where the relay ordered it.</summary>
    private sealed record SentChat(byte[] Payload, ulong Sequence, uint Epoch, byte[] Plaintext, DateTimeOffset SentAt);

    /// <summary>A chat to send again once an epoch keys every one of <see cref="Needed"/> still present.</summary>
    private sealed record Resend(ulong Sequence, byte[] Plaintext, DateTimeOffset SentAt, HashSet<RoomMemberState> Needed);
}
