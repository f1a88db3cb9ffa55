using PyChat.Protocol;
using PyChat.Protocol.Frames;

namespace PyChat.Client.Internal;

/// <summary>
/// What the client checks in a decoded relay frame before acting on it: every user and room name follows
/// the naming rule (docs/PROTOCOL.md §2). The relay enforces the rule on everything it accepts, so a frame
/// that breaks it is malformed; refusing it keeps look-alike names (<c>Alice</c> for <c>alice</c>) and
/// control characters away from the application.
/// </summary>
internal static class RelayFrameCheck
{
    public static bool HasValidNames(Frame frame) => frame switch
    {
        RoomJoinedFrame joined => Names.IsValid(joined.Room) && Names.IsValid(joined.Hub) && joined.Members.All(m => Names.IsValid(m.Name))
            && joined.Away.All(n => Names.IsValid(n)),
        MemberJoinedFrame joined => Names.IsValid(joined.Room) && Names.IsValid(joined.Member.Name),
        MemberLeftFrame left => Names.IsValid(left.Room) && Names.IsValid(left.Member) && Names.IsValid(left.Hub),
        MemberAwayFrame away => Names.IsValid(away.Room) && Names.IsValid(away.Member) && Names.IsValid(away.Hub),
        MemberBackFrame back => Names.IsValid(back.Room) && Names.IsValid(back.Member) && Names.IsValid(back.Hub),
        RoomResumedFrame resumed => Names.IsValid(resumed.Room) && Names.IsValid(resumed.Hub),
        DeliverFrame deliver => Names.IsValid(deliver.Room) && Names.IsValid(deliver.Sender),
        RoomListFrame list => list.Rooms.All(r => Names.IsValid(r.Name)),
        _ => true,
    };
}
