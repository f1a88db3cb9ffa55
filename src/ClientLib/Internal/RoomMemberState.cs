using PyChat.Client.Cryptography;

namespace PyChat.Client.Internal;

/// <summary>
/// What one room session knows about one member during one stay in the room. A member who leaves and
/// rejoins gets a new object: its sequence numbers start again.
/// </summary>
internal sealed class RoomMemberState(string name, IdentityPublicKey identityKey)
{
    public string Name { get; } = name;

    public IdentityPublicKey IdentityKey { get; } = identityKey;

    public Peer Peer { get; } = new(name, identityKey);

    /// <summary>The verified announced ECDH key; <see langword="null"/> if the announcement failed (no keys can be sent).</summary>
    public byte[]? MemberKey { get; set; }

    /// <summary>Highest chat sequence accepted from this member; anything not above it is a replay.</summary>
    public ulong LastSequence { get; set; }

    /// <summary>
    /// Lowest epoch a chat from this stay can carry: one more than the highest epoch seen when the member
    /// joined. Anything older was sent in an earlier stay and is a replay (docs/PROTOCOL.md §6.3).
    /// </summary>
    public uint MinimumEpoch { get; set; }

    public PeerTrust Trust { get; set; } = PeerTrust.Trusted;

    /// <summary>Its connection is down and it keeps its seat (MemberAway); never hub while away.</summary>
    public bool Away { get; set; }

    /// <summary>Joined after this client: its sequence numbers start at 1 in front of this client.</summary>
    public bool JoinedAfterUs { get; set; }

    /// <summary>Highest chat sequence seen from this member with a valid signature, accepted or not: gaps above it are missing messages.</summary>
    public ulong HighestSequenceSeen { get; set; }

    /// <summary>The offset of this stay's join in the room's order; 0 for a member listed in RoomJoined (present before this client).</summary>
    public ulong JoinOffset { get; set; }

    /// <summary>
    /// Sequences of this member's chats that arrived under an epoch older than this client's first key: the member sends
    /// them again under a key this client holds (docs/PROTOCOL.md §6.5). When each arrived.
    /// </summary>
    public SortedDictionary<ulong, DateTimeOffset> AwaitedResends { get; } = [];

    /// <summary>
    /// Chats of this member shown here that some member present could not read: their re-send will come, and is dropped
    /// quietly if it carries the same text. By sequence.
    /// </summary>
    public SortedDictionary<ulong, ShownChat> ResendCandidates { get; } = [];
}

/// <summary>A chat shown under <paramref name="Epoch"/>: a keyed digest of its text and when it was shown.</summary>
internal sealed record ShownChat(uint Epoch, byte[] Digest, DateTimeOffset ShownAt);
