using PyChat.Protocol.Frames;

namespace PyChat.Relay.Rooms;

/// <summary>What a room needs to come back after a relay restart: its log's name and place, its seats in join order, its hub.</summary>
internal sealed record RoomState(string Name, ulong LogEpoch, ulong LastOffset, string Hub, IReadOnlyList<SeatState> Seats);

/// <summary>One seat of a <see cref="RoomState"/>.</summary>
internal sealed record SeatState(RoomMember Member, bool Away);
