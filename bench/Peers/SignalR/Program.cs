using Microsoft.AspNetCore.Http.Connections;
using PyChat.Bench.Peers;
using PyChat.Bench.Peers.SignalR;

// SignalR as most teams would ship it for binary payloads: a hub, Groups for rooms, MessagePack so
// byte[] goes as bytes (JSON stays available and would carry it as base64).
var builder = PeerHost.CreateBuilder(args);
builder.Services.AddSignalR(options => options.MaximumReceiveMessageSize = 64 * 1024).AddMessagePackProtocol();
var app = builder.Build();
app.MapHub<RoomHub>("/hub", options => options.Transports = HttpTransportType.WebSockets);
await PeerHost.RunAsync(app);
