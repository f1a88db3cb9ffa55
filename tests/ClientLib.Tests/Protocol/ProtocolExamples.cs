using PyChat.Protocol;
using PyChat.Protocol.Frames;

namespace PyChat.ClientLib.Tests.Protocol;

/// <summary>
/// The worked examples of docs/PROTOCOL.md, built with the real code. Each entry's name matches a
/// <c>```hex example=NAME</c> block in the document.
/// </summary>
internal static class ProtocolExamples
{
    public static readonly byte[] RelayId = Sequence(0x00, 32);
    public static readonly byte[] Challenge = Sequence(0x20, 32);
    public static readonly byte[] Signature = Sequence(0x40, 64);

    public static IReadOnlyDictionary<string, Func<byte[]>> Envelope { get; } = new Dictionary<string, Func<byte[]>>
    {
        ["hello"] = () => new HelloFrame(2, RelayId, Challenge, 65536, 200, 400).Encode(),
        ["login-transcript"] = () => AuthTranscript.Login(RelayId, Challenge, "alice"),
        ["login"] = () => new LoginFrame(1, "alice", Signature).Encode(),
        ["ok"] = () => new OkFrame(1).Encode(),
        ["list-rooms"] = () => new ListRoomsFrame(7).Encode(),
        ["room-list"] = () => new RoomListFrame(7, [new RoomSummary("dev", 1, 10), new RoomSummary("lobby", 3, 10)]).Encode(),
        ["leave-room"] = () => new LeaveRoomFrame(9, "lobby").Encode(),
        ["error-room-full"] = () => new ErrorFrame(8, ErrorCode.RoomFull, "room is full").Encode(),
        ["member-left"] = () => new MemberLeftFrame("lobby", 43, "alice", "bob").Encode(),
        ["member-away"] = () => new MemberAwayFrame("lobby", 44, "bob", "carol").Encode(),
        ["member-back"] = () => new MemberBackFrame("lobby", 45, "bob", "carol").Encode(),
        ["publish"] = () => new PublishFrame(3, "lobby", new byte[] { 0xCA, 0xFE }).Encode(),
        ["published"] = () => new PublishedFrame(3, 42).Encode(),
        ["deliver"] = () => new DeliverFrame("lobby", 42, "alice", new byte[] { 0xCA, 0xFE }).Encode(),
        ["resume-room"] = () => new ResumeRoomFrame(11, "lobby", 0x8877665544332211, 42).Encode(),
        ["room-resumed"] = () => new RoomResumedFrame(11, "lobby", "carol", 45).Encode(),
    };

    public static byte[] Sequence(byte start, int length) =>
        Enumerable.Range(start, length).Select(i => (byte)i).ToArray();
}
