using Microsoft.AspNetCore.SignalR;

namespace PyChat.Bench.Peers.SignalR;

/// <summary>Rooms are SignalR groups; every payload goes to the room's other members as <c>Receive</c>.</summary>
internal sealed class RoomHub : Hub
{
    public Task JoinRoom(string room) => Groups.AddToGroupAsync(Context.ConnectionId, room);

    public Task Send(string room, byte[] payload) => Clients.OthersInGroup(room).SendAsync("Receive", payload);
}
