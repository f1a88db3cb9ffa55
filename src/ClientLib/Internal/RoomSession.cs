// STANDIN: replaced wholesale by the room branch. NOT ENCRYPTED: plaintext payloads, test plumbing only.
using System.Text;
using PyChat.Client.Cryptography;
using PyChat.Protocol.Frames;

namespace PyChat.Client.Internal;

internal sealed class RoomSession : IDisposable
{
    private readonly string _room;
    private readonly string _self;
    private readonly TimeProvider _time;
    private readonly IRoomSessionOutput _output;
    private readonly List<(string Name, IdentityPublicKey Key)> _members = [];

    public RoomSession(string room, string self, IdentityKey identity, RoomSessionOptions options, TimeProvider time, IKnownPeers knownPeers, IRoomSessionOutput output)
    {
        _ = identity;
        _ = options;
        _ = knownPeers;
        _room = room;
        _self = self;
        _time = time;
        _output = output;
        Hub = self;
    }

    public string Hub { get; private set; }

    public bool IsHub => Hub == _self;

    public uint CurrentEpoch { get; private set; }

    public bool HasKey => CurrentEpoch > 0;

    public IReadOnlyList<(string Name, IdentityPublicKey Key)> Members => _members;

    public byte[] CreateAnnouncement() => [0x01];

    public void OnRoomJoined(RoomJoinedFrame frame, bool created)
    {
        Hub = frame.Hub;
        foreach (var m in frame.Members)
        {
            _members.Add((m.Name, IdentityPublicKey.FromSubjectPublicKeyInfo(m.IdentityKey.Span)));
        }

        if (created)
        {
            CurrentEpoch = 1;
        }
    }

    public void OnMemberJoined(MemberJoinedFrame frame)
    {
        _members.Add((frame.Member.Name, IdentityPublicKey.FromSubjectPublicKeyInfo(frame.Member.IdentityKey.Span)));
        _output.Raise(new MemberJoined(_room, _time.GetUtcNow(), frame.Member.Name));
    }

    public void OnMemberLeft(MemberLeftFrame frame)
    {
        _members.RemoveAll(m => m.Name == frame.Member);
        Hub = frame.Hub;
        _output.Raise(new MemberLeft(_room, _time.GetUtcNow(), frame.Member));
    }

    public void OnDeliver(DeliverFrame frame)
    {
        if (frame.Payload.Length == 0 || frame.Payload.Span[0] != 0x02)
        {
            _output.Raise(new MessageRejected(_room, _time.GetUtcNow(), frame.Sender, "malformed"));
            return;
        }

        _output.Raise(new MessageReceived(_room, _time.GetUtcNow(), frame.Sender, Encoding.UTF8.GetString(Scramble(frame.Payload.Span[1..].ToArray()))));
    }

    public byte[] EncryptMessage(string text) =>
        HasKey ? [0x02, .. Scramble(Encoding.UTF8.GetBytes(text))] : throw new InvalidOperationException("no key yet");

    private static byte[] Scramble(byte[] bytes)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] ^= 0x5a;
        }

        return bytes;
    }

    public void OnTick()
    {
    }

    public void Dispose()
    {
    }
}
