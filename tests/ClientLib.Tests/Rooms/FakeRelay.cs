using Microsoft.Extensions.Time.Testing;
using PyChat.Client;
using PyChat.Protocol.Frames;

namespace PyChat.ClientLib.Tests.Rooms;

/// <summary>
/// One room of a relay, in memory, with the relay's envelope semantics (docs/PROTOCOL.md §5):
/// membership changes in one order for everyone, hub election by longest presence, Deliver encoded
/// once and the same bytes queued for every other member, one FIFO inbox per member. Frames only move
/// when a test pumps them, so tests control what is "in flight".
/// </summary>
internal sealed class FakeRelay(string room = "lobby")
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly List<TestClient> _members = [];

    public string Room { get; } = room;

    public string Hub { get; private set; } = string.Empty;

    public FakeTimeProvider Time { get; } = new(Start);

    /// <summary>Every Deliver frame the relay built, in order, as encoded bytes.</summary>
    public List<byte[]> Delivered { get; } = [];

    public IReadOnlyList<TestClient> Members => _members;

    public TestClient Create(TestClient client) => Enter(client, created: true);

    public TestClient Create(string name, RoomSessionOptions? options = null, IKnownPeers? knownPeers = null) =>
        Enter(new TestClient(this, name, options, knownPeers), created: true);

    public TestClient Join(string name, RoomSessionOptions? options = null, IKnownPeers? knownPeers = null) =>
        Enter(new TestClient(this, name, options, knownPeers), created: false);

    /// <summary>Joins with a client built by the test (a chosen identity key, for instance).</summary>
    public TestClient Join(TestClient client) => Enter(client, created: false);

    /// <summary>Joins with an announcement made by the test instead of the session's own (a hostile member's).</summary>
    public TestClient Join(TestClient client, byte[] announcement) => Enter(client, created: false, announcement);

    /// <summary>The log epoch this relay's RoomJoined names.</summary>
    public const ulong LogEpoch = 7;

    private ulong _offset;

    private readonly HashSet<string> _away = [];

    /// <summary>The next offset of the room's order, for a frame a test forges or reorders (<see cref="TestClient.Inject"/>).</summary>
    public ulong TakeOffset() => ++_offset;

    /// <summary>Frames ordered while a member was away, which it gets when it is back (the relay's room log).</summary>
    private readonly Dictionary<string, List<byte[]>> _missed = [];

    /// <summary>A member's connection dropped: it keeps its seat, is never hub while away, and misses frames until <see cref="Back"/>.</summary>
    public void Away(string name)
    {
        _away.Add(name);
        _missed[name] = [];
        ElectHub();
        Broadcast(new MemberAwayFrame(Room, ++_offset, name, Hub).Encode(), except: null); // its own copy is in its log
    }

    /// <summary>The member resumes its seat: it gets every frame it missed, in order, and the others get MemberBack.</summary>
    public void Back(string name)
    {
        _away.Remove(name);
        var member = _members.Single(m => m.Name == name);
        foreach (var frame in _missed[name])
        {
            member.Inbox.Enqueue(frame);
        }

        _missed.Remove(name);
        ElectHub();
        Broadcast(new MemberBackFrame(Room, ++_offset, name, Hub).Encode(), except: null); // its own copy stands for RoomResumed
    }

    /// <summary>The longest-present member that is here; the hub stays when every member is away.</summary>
    private void ElectHub() => Hub = _members.Find(m => !_away.Contains(m.Name))?.Name ?? Hub;

    /// <summary>Queues a frame for every member but one; an away member's copy waits in its log of missed frames.</summary>
    private void Broadcast(byte[] frame, string? except)
    {
        foreach (var member in _members.Where(m => m.Name != except))
        {
            if (_missed.TryGetValue(member.Name, out var missed))
            {
                missed.Add(frame);
            }
            else
            {
                member.Inbox.Enqueue(frame);
            }
        }
    }

    public void Leave(string name)
    {
        var leaver = _members.Single(m => m.Name == name);
        _members.Remove(leaver);
        leaver.Inbox.Clear();
        _away.Remove(name);
        _missed.Remove(name);
        if (Hub == name)
        {
            Hub = _members.Find(m => !_away.Contains(m.Name))?.Name ?? string.Empty;
        }

        Broadcast(new MemberLeftFrame(Room, ++_offset, name, Hub).Encode(), except: null);
    }

    /// <summary>
    /// A Publish from <paramref name="sender"/>: one Deliver, the same bytes for every other member, and the sender's
    /// acknowledgement (Published) queued in its own inbox at the place of the message in the order. The offset, or 0 if refused.
    /// </summary>
    public ulong Publish(string sender, byte[] payload)
    {
        var member = _members.Find(m => m.Name == sender);
        if (member is null)
        {
            return 0; // NotMember: refused
        }

        var offset = ++_offset;
        var frame = new DeliverFrame(Room, offset, sender, payload).Encode();
        Delivered.Add(frame);
        Broadcast(frame, except: sender);
        member.Acknowledge(payload, offset);
        return offset;
    }

    /// <summary>Pumps every inbox, round robin, until all are empty.</summary>
    public void DeliverAll()
    {
        while (_members.Exists(m => m.Inbox.Count > 0))
        {
            foreach (var member in _members.ToList())
            {
                member.ReceiveNext();
            }
        }
    }

    /// <summary>Pumps one member's inbox until it is empty.</summary>
    public void DeliverTo(string name)
    {
        var member = _members.Single(m => m.Name == name);
        while (member.ReceiveNext())
        {
        }
    }

    /// <summary>Moves time forward for every member's clock.</summary>
    public void Advance(TimeSpan by)
    {
        Time.Advance(by);
        foreach (var member in _members)
        {
            member.Clock.Advance(by);
        }
    }

    private TestClient Enter(TestClient client, bool created, byte[]? announcement = null)
    {
        announcement ??= client.Session.CreateAnnouncement();
        if (created)
        {
            Hub = client.Name;
        }

        var entry = new RoomMember(client.Name, client.Identity.PublicKey.SubjectPublicKeyInfo, announcement);
        client.Entry = entry;
        _members.Add(client);
        var offset = ++_offset;
        Broadcast(new MemberJoinedFrame(Room, offset, entry).Encode(), except: client.Name);
        client.Created = created;
        ElectHub();
        var away = _members.Where(m => _away.Contains(m.Name)).Select(m => m.Name).ToList();
        client.Inbox.Enqueue(new RoomJoinedFrame(1, Room, Hub, LogEpoch, offset, _members.Select(m => m.Entry!).ToList(), away).Encode());
        return client;
    }
}
