using System.Globalization;
using PyChat.Bench.Peers;
using PyChat.Bench.Peers.RawKestrel;

// The floor: bytes in, bytes out to the other members of the room, no protocol at all.
var app = PeerHost.CreateBuilder(args).Build();
var rooms = new RoomRegistry();
app.UseWebSockets();
app.Map("/ws", async context =>
{
    if (!context.WebSockets.IsWebSocketRequest
        || !int.TryParse(context.Request.Query["room"], NumberStyles.None, CultureInfo.InvariantCulture, out var roomId))
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return;
    }

    using var socket = await context.WebSockets.AcceptWebSocketAsync();
    await new RelayConnection(socket).RunAsync(rooms.Get(roomId), context.RequestAborted);
});

await PeerHost.RunAsync(app, () => $"raw-kestrel: frames dropped on full send queues: {rooms.DroppedFrames}");
