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

    /// <summary>alice's signature over the register transcript, made once with her throwaway identity key.</summary>
    public static readonly byte[] RegisterSignature = Convert.FromHexString(
        "8c3602ce8935f3c0a4b3b49ae5a13ced3af689d6b6fcbffb41cd6676eb896474"
        + "4cdc1e83e73c96417a8c2cbaba0800c7988a2ecc4b3e256c079f2d7fc39b3c67");

    public const ulong LogEpoch = 0x8877665544332211;

    public static IReadOnlyDictionary<string, Func<byte[]>> Envelope { get; } = new Dictionary<string, Func<byte[]>>
    {
        ["hello"] = () => new HelloFrame(2, RelayId, Challenge, 65536, 200, 400).Encode(),
        ["register-transcript"] = () => AuthTranscript.Register(RelayId, Challenge, "alice", PayloadExamples.IdentityKeys["alice"]),
        ["register"] = () => new RegisterFrame(1, "alice", PayloadExamples.IdentityKeys["alice"], RegisterSignature).Encode(),
        ["login-transcript"] = () => AuthTranscript.Login(RelayId, Challenge, "alice"),
        ["login"] = () => new LoginFrame(1, "alice", Signature).Encode(),
        ["ok"] = () => new OkFrame(1).Encode(),
        ["create-room"] = () => new CreateRoomFrame(2, "lobby", PayloadExamples.AnnouncementOf("alice")).Encode(),
        ["join-room"] = () => new JoinRoomFrame(2, "lobby", PayloadExamples.AnnouncementOf("carol")).Encode(),
        ["room-joined"] = () => new RoomJoinedFrame(
            2, "lobby", "alice", LogEpoch, 5, [PayloadExamples.MemberEntry("alice"), PayloadExamples.MemberEntry("bob"), PayloadExamples.MemberEntry("carol")], ["bob"]).Encode(),
        ["member-joined"] = () => new MemberJoinedFrame("lobby", 5, PayloadExamples.MemberEntry("carol")).Encode(),
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
        ["resume-room"] = () => new ResumeRoomFrame(11, "lobby", LogEpoch, 42).Encode(),
        ["room-resumed"] = () => new RoomResumedFrame(11, "lobby", "carol", 45).Encode(),
    };

    public static byte[] Sequence(byte start, int length) =>
        Enumerable.Range(start, length).Select(i => (byte)i).ToArray();
}
