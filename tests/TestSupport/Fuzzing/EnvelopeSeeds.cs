using PyChat.Protocol;
using PyChat.Protocol.Frames;

namespace PyChat.TestSupport.Fuzzing;

/// <summary>
/// Valid encodings of every envelope frame type (docs/PROTOCOL.md §3), the seeds envelope fuzzing
/// mutates. Byte fields are filled with a recognisable pattern; the codec never looks inside them.
/// </summary>
public static class EnvelopeSeeds
{
    /// <summary>One or more valid frames of every client → relay type, naming <paramref name="user"/> and <paramref name="room"/>.</summary>
    public static IReadOnlyList<byte[]> ClientToRelay(string user = "mallory", string room = "fuzz") =>
    [
        new RegisterFrame(1, user, Pattern(91, 0x30), Pattern(ProtocolLimits.SignatureSize, 0x40)).Encode(),
        new LoginFrame(2, user, Pattern(ProtocolLimits.SignatureSize, 0x40)).Encode(),
        new ListRoomsFrame(3).Encode(),
        new CreateRoomFrame(4, room, Announcement()).Encode(),
        new JoinRoomFrame(5, room, Announcement()).Encode(),
        new LeaveRoomFrame(6, room).Encode(),
        new PublishFrame(room, Pattern(40, 0x50)).Encode(),
        new PublishFrame(room, ReadOnlyMemory<byte>.Empty).Encode(),
    ];

    /// <summary>One or more valid frames of every relay → client type.</summary>
    public static IReadOnlyList<byte[]> RelayToClient() =>
    [
        new HelloFrame(ProtocolLimits.Version, Pattern(ProtocolLimits.RelayIdSize, 0x00), Pattern(ProtocolLimits.ChallengeSize, 0x20), ProtocolLimits.DefaultMaxFrameBytes).Encode(),
        new OkFrame(1).Encode(),
        new ErrorFrame(8, ErrorCode.RoomFull, "room is full").Encode(),
        new RoomListFrame(7, []).Encode(),
        new RoomListFrame(7, [new RoomSummary("dev", 1, 10), new RoomSummary("lobby", 3, 10)]).Encode(),
        new RoomJoinedFrame(4, "lobby", "alice", [Member("alice"), Member("bob")]).Encode(),
        new MemberJoinedFrame("lobby", Member("carol")).Encode(),
        new MemberLeftFrame("lobby", "alice", "bob").Encode(),
        new DeliverFrame("lobby", "alice", Pattern(40, 0x50)).Encode(),
    ];

    /// <summary>Every type, both directions.</summary>
    public static IReadOnlyList<byte[]> All() => [.. ClientToRelay("alice", "lobby"), .. RelayToClient()];

    private static RoomMember Member(string name) => new(name, Pattern(91, 0x30), Announcement());

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
