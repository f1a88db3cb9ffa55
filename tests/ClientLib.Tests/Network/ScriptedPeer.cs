using PyChat.Client;
using PyChat.Client.Cryptography;
using PyChat.Client.Internal;
using PyChat.Protocol.Frames;

namespace PyChat.ClientLib.Tests.Network;

/// <summary>
/// An honest member's end-to-end session, driven by a test that plays the relay: what the peer publishes is
/// kept, for the test to deliver (or not) to the client under test as Deliver frames.
/// </summary>
internal sealed class ScriptedPeer : IRoomSessionOutput, IDisposable
{
    public ScriptedPeer(string room, string name)
    {
        Room = room;
        Name = name;
        Session = new RoomSession(room, name, Identity, RoomSessionOptions.Default, TimeProvider.System, new KnownPeersInMemory(), this);
        Entry = new RoomMember(name, Identity.PublicKey.SubjectPublicKeyInfo, Session.CreateAnnouncement());
    }

    public string Room { get; }

    public string Name { get; }

    public IdentityKey Identity { get; } = IdentityKey.Generate();

    public RoomSession Session { get; }

    /// <summary>How the relay lists this peer.</summary>
    public RoomMember Entry { get; }

    /// <summary>Payloads the peer published, in order.</summary>
    public List<byte[]> Published { get; } = [];

    // Offsets go up from frame to frame (a session ignores one not above the last it saw), above the tests' RoomJoined offsets.
    private static long _offset = 100;

    /// <summary>The Deliver frame the relay would build for the peer's payload, at the room's next offset.</summary>
    public byte[] Deliver(byte[] payload) => DeliverAt((ulong)Interlocked.Increment(ref _offset), payload);

    /// <summary>
    /// The Deliver frame for the peer's payload at <paramref name="offset"/>; the peer's session learns the place, as from
    /// its acknowledgement (a hub's own Rekey counts from there: docs/PROTOCOL.md §6.6).
    /// </summary>
    public byte[] DeliverAt(ulong offset, byte[] payload)
    {
        Session.OnPublished(payload, offset);
        return new DeliverFrame(Room, offset, Name, payload).Encode();
    }

    public void Publish(byte[] payload) => Published.Add(payload);

    /// <summary>What the peer's session raised, in order.</summary>
    public List<RoomEvent> Events { get; } = [];

    public void Raise(RoomEvent e) => Events.Add(e);

    public void Dispose()
    {
        Session.Dispose();
        Identity.Dispose();
    }
}
