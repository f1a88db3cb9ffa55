using Microsoft.Extensions.Time.Testing;
using PyChat.Client;
using PyChat.Client.Cryptography;
using PyChat.Client.Internal;
using PyChat.Protocol.Frames;

namespace PyChat.ClientLib.Tests.Rooms;

/// <summary>A member of a <see cref="FakeRelay"/> room: a real <see cref="RoomSession"/>, its inbox, its own clock, what it raised.</summary>
internal sealed class TestClient : IRoomSessionOutput
{
    private readonly FakeRelay _relay;

    // The payload of each Publish the relay acknowledged, by the request id of its Published frame in the inbox.
    private readonly Dictionary<uint, byte[]> _published = [];
    private uint _requestId;

    public TestClient(FakeRelay relay, string name, RoomSessionOptions? options = null, IKnownPeers? knownPeers = null, IdentityKey? identity = null)
    {
        _relay = relay;
        Name = name;
        Identity = identity ?? IdentityKey.Generate();
        Clock = new FakeTimeProvider(relay.Time.GetUtcNow());
        KnownPeers = knownPeers ?? new KnownPeersInMemory();
        Session = new RoomSession(relay.Room, name, Identity, options ?? RoomSessionOptions.Default, Clock, KnownPeers, this);
    }

    public string Name { get; }

    public IdentityKey Identity { get; }

    public FakeTimeProvider Clock { get; }

    public IKnownPeers KnownPeers { get; }

    public RoomSession Session { get; }

    public Queue<byte[]> Inbox { get; } = new();

    public List<RoomEvent> Events { get; } = [];

    /// <summary>Payloads this session asked to publish that the test held back (see <see cref="HoldPublishes"/>).</summary>
    public List<byte[]> Held { get; } = [];

    /// <summary>When set, Rekeys the session publishes are kept in <see cref="Held"/> instead of reaching the relay.</summary>
    public bool HoldPublishes { get; set; }

    public bool Created { get; set; }

    public RoomMember? Entry { get; set; }

    public IEnumerable<MessageReceived> Messages => Events.OfType<MessageReceived>();

    public IEnumerable<MessageRejected> Rejections => Events.OfType<MessageRejected>();

    /// <summary>Encrypts and publishes <paramref name="text"/>.</summary>
    public void Send(string text) => _relay.Publish(Name, Session.EncryptMessage(text));

    /// <summary>Hands one raw frame to the session, as the network client would.</summary>
    public void Receive(byte[] frame)
    {
        switch (Frame.Decode(frame))
        {
            case RoomJoinedFrame joined:
                Session.OnRoomJoined(joined, Created);
                break;
            case MemberJoinedFrame memberJoined:
                Session.OnMemberJoined(memberJoined);
                break;
            case MemberLeftFrame memberLeft:
                Session.OnMemberLeft(memberLeft);
                break;
            case MemberAwayFrame memberAway:
                Session.OnMemberAway(memberAway);
                break;
            case MemberBackFrame memberBack:
                Session.OnMemberBack(memberBack);
                break;
            case DeliverFrame deliver:
                Session.OnDeliver(deliver);
                break;
            case PublishedFrame published:
                if (_published.Remove(published.RequestId, out var payload))
                {
                    Session.OnPublished(payload, published.Offset);
                }

                break;
            case RoomResumedFrame resumed:
                Session.OnRoomResumed(resumed);
                break;
            default:
                throw new InvalidOperationException("not a room frame");
        }
    }

    /// <summary>
    /// Hands a frame to the session at the room's next offset, whatever offset the frame carried: as a relay that put
    /// the frame there in the room's order would (tests that reorder, replay or forge frames).
    /// </summary>
    public void Inject(byte[] frame)
    {
        var next = _relay.TakeOffset();
        Frame restamped = Frame.Decode(frame) switch
        {
            DeliverFrame f => f with { Offset = next },
            MemberJoinedFrame f => f with { Offset = next },
            MemberLeftFrame f => f with { Offset = next },
            MemberAwayFrame f => f with { Offset = next },
            MemberBackFrame f => f with { Offset = next },
            var f => f,
        };
        Receive(restamped.Encode());
    }

    /// <summary>The relay ordered <paramref name="payload"/> at <paramref name="offset"/>: its Published frame joins the inbox.</summary>
    public void Acknowledge(byte[] payload, ulong offset)
    {
        var id = ++_requestId;
        _published[id] = payload;
        Inbox.Enqueue(new PublishedFrame(id, offset).Encode());
    }

    public bool ReceiveNext()
    {
        if (!Inbox.TryDequeue(out var frame))
        {
            return false;
        }

        Receive(frame);
        return true;
    }

    void IRoomSessionOutput.Publish(byte[] payload)
    {
        if (HoldPublishes)
        {
            Held.Add(payload);
        }
        else
        {
            _relay.Publish(Name, payload);
        }
    }

    void IRoomSessionOutput.Raise(RoomEvent e) => Events.Add(e);

    public override string ToString() => Name;
}
