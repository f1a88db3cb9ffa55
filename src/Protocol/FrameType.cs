namespace PyChat.Protocol;

/// <summary>
/// The first byte of every frame. The high bit tells the direction: set for client → relay,
/// clear for relay → client, so a frame sent the wrong way is refused before it is parsed.
/// </summary>
public enum FrameType : byte
{
    // relay → client
    Hello = 0x01,
    Ok = 0x02,
    Error = 0x03,
    Published = 0x04,
    RoomList = 0x10,
    RoomJoined = 0x11,
    MemberJoined = 0x12,
    MemberLeft = 0x13,
    MemberAway = 0x14,
    MemberBack = 0x15,
    RoomResumed = 0x16,
    Deliver = 0x20,

    // client → relay
    Register = 0x81,
    Login = 0x82,
    ListRooms = 0x90,
    CreateRoom = 0x91,
    JoinRoom = 0x92,
    LeaveRoom = 0x93,
    ResumeRoom = 0x94,
    Publish = 0xA0,
}
