using PyChat.Protocol;
using PyChat.Protocol.Frames;

namespace PyChat.TestSupport.Fuzzing;

/// <summary>
/// Valid encodings of every envelope frame type (docs/PROTOCOL.md §3), the seeds envelope fuzzing
/// mutates. Byte fields are filled with a recognisable pattern; the codec never looks inside them.
/// </summary>
public static class EnvelopeSeeds
{
    // alice's identity key of docs/PROTOCOL.md §9.2: a real P-256 SubjectPublicKeyInfo, so that mutations
    // reach deep into the relay's key parser (a pattern would fail at its first byte).
    private static readonly byte[] IdentityKey = Convert.FromHexString(
        "3059301306072a8648ce3d020106082a8648ce3d03010703420004"
        + "a6a8ab0992b0a5a4926e31cb893452d82da0b171fae3b3ef1da050924e943590"
        + "8808c93cc54da66bcd2f221295ca528f09fff3a97bb875e4dafa17ae55bc375e");

    /// <summary>One or more valid frames of every client → relay type, naming <paramref name="user"/> and <paramref name="room"/>.</summary>
    public static IReadOnlyList<byte[]> ClientToRelay(string user = "mallory", string room = "fuzz") =>
    [
        new RegisterFrame(1, user, IdentityKey, Pattern(ProtocolLimits.SignatureSize, 0x40)).Encode(),
        new LoginFrame(2, user, Pattern(ProtocolLimits.SignatureSize, 0x40)).Encode(),
        new ListRoomsFrame(3).Encode(),
        new CreateRoomFrame(4, room, Announcement()).Encode(),
        new JoinRoomFrame(5, room, Announcement()).Encode(),
        new LeaveRoomFrame(6, room).Encode(),
        new PublishFrame(7, room, Pattern(40, 0x50)).Encode(),
        new PublishFrame(8, room, ReadOnlyMemory<byte>.Empty).Encode(),
        new ResumeRoomFrame(9, room, 0x1122334455667788, 41).Encode(),
    ];

    /// <summary>One or more valid frames of every relay → client type.</summary>
    public static IReadOnlyList<byte[]> RelayToClient() =>
    [
        new HelloFrame(ProtocolLimits.Version, Pattern(ProtocolLimits.RelayIdSize, 0x00), Pattern(ProtocolLimits.ChallengeSize, 0x20), ProtocolLimits.DefaultMaxFrameBytes, 200, 400).Encode(),
        new OkFrame(1).Encode(),
        new PublishedFrame(7, 42).Encode(),
        new ErrorFrame(8, ErrorCode.RoomFull, "room is full").Encode(),
        new RoomListFrame(7, []).Encode(),
        new RoomListFrame(7, [new RoomSummary("dev", 1, 10), new RoomSummary("lobby", 3, 10)]).Encode(),
        new RoomJoinedFrame(4, "lobby", "alice", 0x1122334455667788, 2, [Member("alice"), Member("bob")], []).Encode(),
        new RoomJoinedFrame(4, "lobby", "alice", 0x1122334455667788, 9, [Member("alice"), Member("bob"), Member("carol")], ["bob"]).Encode(),
        new MemberJoinedFrame("lobby", 3, Member("carol")).Encode(),
        new MemberLeftFrame("lobby", 4, "alice", "bob").Encode(),
        new MemberAwayFrame("lobby", 5, "bob", "carol").Encode(),
        new MemberBackFrame("lobby", 6, "bob", "carol").Encode(),
        new RoomResumedFrame(9, "lobby", "carol", 41).Encode(),
        new DeliverFrame("lobby", 7, "alice", Pattern(40, 0x50)).Encode(),
    ];

    /// <summary>Every type, both directions.</summary>
    public static IReadOnlyList<byte[]> All() => [.. ClientToRelay("alice", "lobby"), .. RelayToClient()];

    private static RoomMember Member(string name) => new(name, IdentityKey, Announcement());

    private static byte[] Announcement()
    {
        var announcement = Pattern(ProtocolLimits.AnnouncementSize, 0x60);
        announcement[0] = 0x01;
        return announcement;
    }

    private static byte[] Pattern(int length, byte start)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = unchecked((byte)(start + i));
        }

        return bytes;
    }
}
