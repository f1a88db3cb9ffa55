using PyChat.Protocol.Frames;
using PyChat.Relay.Connections;

namespace PyChat.Relay.Rooms;

/// <summary>A place in a room's join order: a member, the connection it is here on, or none while it is away.</summary>
internal sealed class Seat(RoomMember member, RelayConnection? connection)
{
    public RoomMember Member { get; } = member;

    public RelayConnection? Connection { get; set; } = connection;

    public bool IsAway => Connection is null;

    /// <summary>Ends the seat when the grace period runs out; null while the member is here.</summary>
    public ITimer? Grace { get; set; }
}
