using PyChat.Client.Cryptography;
using PyChat.Client.Internal.Payloads;

namespace PyChat.Client.Internal;

/// <summary>
/// The end-to-end state machine of one stay in one room (docs/PROTOCOL.md §5–§6): members and their
/// announced keys, the key hub, room keys by epoch, per-sender replay windows, and trust on first use.
/// Pure and synchronous: no I/O, no threads, no clock but the injected <see cref="TimeProvider"/>.
/// Not thread-safe: the network client feeds it one frame at a time.
/// </summary>
/// <remarks>
/// Flow, driven by the network client:
/// 1. <see cref="CreateAnnouncement"/> for the CreateRoom/JoinRoom frame.
/// 2. <see cref="OnRoomJoined"/> with the answer; a creator makes epoch 1 itself.
/// 3. <see cref="OnMemberJoined"/>, <see cref="OnMemberLeft"/> and <see cref="OnDeliver"/> for every frame
///    of the room, in order; the hub answers membership changes with a Rekey through
///    <see cref="IRoomSessionOutput.Publish"/>.
/// 4. <see cref="EncryptMessage"/> to send; <see cref="OnTick"/> about once a second.
/// Failures of what peers sent are reported as <see cref="MessageRejected"/> events, never thrown.
/// </remarks>
internal sealed partial class RoomSession : IDisposable
{
    /// <summary>Largest message text in UTF-8 bytes: its Chat payload fits the default frame limit with room to spare.</summary>
    public const int MaxTextBytes = 32 * 1024;

    private readonly string _room;
    private readonly string _self;
    private readonly IdentityKey _identity;
    private readonly RoomSessionOptions _options;
    private readonly TimeProvider _time;
    private readonly IKnownPeers _knownPeers;
    private readonly IRoomSessionOutput _output;
    private readonly EphemeralKeyPair _memberKey = EphemeralKeyPair.Generate();
    private readonly List<RoomMemberState> _members = [];
    private readonly EpochKeyring _keys;
    private readonly FernetValidation _messageValidation;
    private List<PendingChat> _pending = [];
    private ulong _sequence;
    private uint _receiveOnlyThrough;
    private int _chatsInEpoch;
    private string _hub = string.Empty;
    private bool _joined;
    private bool _flushing;

    public RoomSession(string room, string self, IdentityKey identity, RoomSessionOptions options, TimeProvider time, IKnownPeers knownPeers, IRoomSessionOutput output)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        ArgumentException.ThrowIfNullOrEmpty(self);
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(knownPeers);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.RekeyAfterMessages, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PendingMessageLimit, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PendingMessagesPerSender, 0);
        _room = room;
        _self = self;
        _identity = identity;
        _options = options;
        _time = time;
        _knownPeers = knownPeers;
        _output = output;
        _keys = new EpochKeyring(options.EpochGracePeriod);
        _messageValidation = new FernetValidation { TimeToLive = options.MessageTimeToLive, MaxClockSkew = options.MaxClockSkew };
    }

    public string Room => _room;

    /// <summary>The current key hub, as the relay last named it (empty before <see cref="OnRoomJoined"/>).</summary>
    public string Hub => _hub;

    public bool IsHub => string.Equals(_hub, _self, StringComparison.Ordinal);

    /// <summary>The members in join order, this client included.</summary>
    public IReadOnlyList<Peer> Members => _members.Select(m => m.Peer).ToArray();

    /// <summary>
    /// The offset (docs/PROTOCOL.md §5) of the last room frame this session processed: RoomJoined's, then each Deliver,
    /// MemberJoined, MemberLeft, MemberAway and MemberBack. A frame at or below it is a duplicate (a replay) and is
    /// ignored without an event. ResumeRoom names it.
    /// </summary>
    public ulong LastOffset { get; private set; }

    /// <summary>The log epoch RoomJoined named (docs/PROTOCOL.md §5.1); ResumeRoom names it.</summary>
    public ulong LogEpoch { get; private set; }

    /// <summary>
    /// Set by the network client while it replays what this client missed (between ResumeRoom and RoomResumed):
    /// messages shown meanwhile are marked <see cref="MessageReceived.CaughtUp"/>.
    /// </summary>
    public bool CatchingUp { get; set; }

    /// <summary>The epoch of the newest key this client holds; 0 before it holds one.</summary>
    public uint CurrentEpoch => _keys.CurrentEpoch;

    /// <summary>
    /// Whether this client holds a key it may send with: it has one, and no member has left since it was
    /// installed (after a leave, only the hub's next epoch is good for sending: docs/PROTOCOL.md §6.2).
    /// </summary>
    /// <remarks>A hub whose Rekey is on its way has none: what it sends next goes under that epoch once it counts (§6.6),
    /// so that a member the Rekey keys (a joiner, a member just trusted) reads it.</remarks>
    public bool HasKey => _keys.CurrentKey is not null && _keys.CurrentEpoch > _receiveOnlyThrough && _ownRekeys.Count == 0;

    /// <summary>
    /// The room ran out of epochs: this client can neither make nor accept another key. The network
    /// client leaves the room (an <see cref="EpochsExhausted"/> event says why).
    /// </summary>
    public bool IsExhausted { get; private set; }

    /// <summary>The signed announcement of this session's member key, for CreateRoom or JoinRoom.</summary>
    public byte[] CreateAnnouncement() =>
        new Announcement(_memberKey.PublicKey).Encode(_room, _self, _identity);

    /// <summary>Time-driven work: forget keys past their grace period, give up on messages whose key never came, rekey by age.</summary>
    public void OnTick()
    {
        if (!_joined)
        {
            return;
        }

        _keys.RetireExpired(Now);
        FlushPending();
        ExpireResends();
        RotateIfDue();
        StartNewEpochIfNeeded();
        TryResend();
    }

    public void Dispose()
    {
        _keys.Dispose();
        _memberKey.Dispose();
        foreach (var rekey in _ownRekeys)
        {
            rekey.Key.Dispose();
        }

        _ownRekeys.Clear();
        _pending = [];
        ForgetResends();
    }

    private DateTimeOffset Now => _time.GetUtcNow();

    private void Raise(RoomEvent e) => _output.Raise(e);

    private void Reject(string sender, RejectionReason reason, string detail) =>
        Raise(new MessageRejected(_room, Now, sender, reason, detail));

    /// <summary>
    /// Takes a room frame's place in the room's order: false (ignore the frame, raise nothing) if it is not above
    /// <see cref="LastOffset"/>, a duplicate the relay replayed.
    /// </summary>
    private bool TakeOffset(ulong offset)
    {
        if (offset <= LastOffset)
        {
            return false;
        }

        LastOffset = offset;
        return true;
    }

    private RoomMemberState? Find(string name) =>
        _members.Find(m => string.Equals(m.Name, name, StringComparison.Ordinal));

    private void EnsureFrameFor(string room, bool mustBeJoined = true)
    {
        if (!string.Equals(room, _room, StringComparison.Ordinal))
        {
            throw new ArgumentException($"frame for room '{room}' given to the session of '{_room}'", nameof(room));
        }

        if (mustBeJoined && !_joined)
        {
            throw new InvalidOperationException("room frame before RoomJoined");
        }
    }
}
