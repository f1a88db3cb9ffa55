// An app that uses PyChat.ClientLib from its NuGet package (tests/Integration.Tests/Packaging/ClientLibSampleTests.cs):
// register, create a room, wait for the first message, answer its sender, leave.
using PyChat.Client;
using PyChat.Client.Cryptography;

if (args.Length != 4)
{
    Console.Error.WriteLine("usage: PackageSample RELAY_URI CA_CERTIFICATE USER ROOM");
    return 1;
}

var (relayUri, caCertificate, user, roomName) = (new Uri(args[0]), args[1], args[2], args[3]);
var options = PyChatClientOptions.Default with
{
    RelayUri = relayUri,
    CaCertificatePath = caCertificate,
    // A busy machine may take its time; these only bound a hang.
    ConnectTimeout = TimeSpan.FromSeconds(60),
    RequestTimeout = TimeSpan.FromSeconds(60),
};

using var key = IdentityKey.Generate();
await using var client = await PyChatClient.ConnectAsync(options);
await client.RegisterAsync(user, key);
await using var room = await client.CreateRoomAsync(roomName);
Console.WriteLine($"created {roomName} as {user}");

MessageReceived? first = null;
await foreach (var e in room.ReadEventsAsync())
{
    if (e is MessageReceived message)
    {
        first = message;
        break;
    }

    if (e is MessageRejected rejected)
    {
        Console.WriteLine($"rejected from {rejected.Sender}: {rejected.Reason}");
    }
}

if (first is null)
{
    Console.Error.WriteLine("the room ended before a message came");
    return 1;
}

Console.WriteLine($"received from {first.Sender}: {first.Text}");
// Sent after the loop that reads events, never inside it (docs/CLIENTLIB.md, "Event buffer and backpressure").
await room.SendAsync($"thanks, {first.Sender}");
Console.WriteLine($"answered {first.Sender}");
return 0;
