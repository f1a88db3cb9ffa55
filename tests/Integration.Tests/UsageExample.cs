using PyChat.Client;
using PyChat.Client.Cryptography;

namespace PyChat.Integration.Tests;

/// <summary>The usage example of docs/CLIENTLIB.md, compiled and run by <see cref="UsageExampleTests"/>.</summary>
internal static class UsageExample
{
    public static async Task<string> AliceAndBobAsync(Uri relayUri, string caCertificatePath, string alice, string bob, string room)
    {
        // <usage>
        var options = PyChatClientOptions.Default with
        {
            RelayUri = relayUri,                    // e.g. wss://127.0.0.1:7443/ws
            CaCertificatePath = caCertificatePath,  // the relay's certs/ca.crt: the only root trusted
        };

        using var aliceKey = IdentityKey.Generate();
        await using var aliceClient = await PyChatClient.ConnectAsync(options);
        await aliceClient.RegisterAsync(alice, aliceKey);       // later: LoginAsync(alice, aliceKey)
        await using var alicesRoom = await aliceClient.CreateRoomAsync(room);

        using var bobKey = IdentityKey.Generate();
        await using var bobClient = await PyChatClient.ConnectAsync(options);
        await bobClient.RegisterAsync(bob, bobKey);
        await using var bobsRoom = await bobClient.JoinRoomAsync(room);

        // Compare out of band before trusting: both sides compute the same number.
        var safetyNumber = bobsRoom.SafetyNumberWith(alice);

        await bobsRoom.SendAsync("hello, alice");              // waits for the room key from the hub

        await foreach (var e in alicesRoom.ReadEventsAsync())
        {
            switch (e)
            {
                case MessageReceived m:
                    return $"{m.Sender}: {m.Text} (safety number {safetyNumber})";
                case MessageRejected r:
                    Console.WriteLine($"rejected from {r.Sender}: {r.Reason}");
                    break;
            }
        }
        // </usage>

        throw new InvalidOperationException("the room ended before a message arrived");
    }
}
