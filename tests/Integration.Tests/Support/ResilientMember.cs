using PyChat.Client;
using PyChat.Client.Cryptography;

namespace PyChat.Integration.Tests.Support;

/// <summary>A member whose room and connection events are both recorded.</summary>
public sealed class ResilientMember(string name, IdentityKey identity, PyChatClient client) : IAsyncDisposable
{
    public string Name { get; } = name;

    /// <summary>A new user <paramref name="name"/> with a fresh identity, connected and registered with <paramref name="options"/>.</summary>
    public static async Task<ResilientMember> RegisterAsync(string name, PyChatClientOptions options)
    {
        var identity = IdentityKey.Generate();
        var client = await PyChatClient.ConnectAsync(options with { ConnectTimeout = TimeSpan.FromSeconds(30), RequestTimeout = TimeSpan.FromSeconds(30) });
        await client.RegisterAsync(name, identity);
        return new ResilientMember(name, identity, client);
    }

    public PyChatClient Client { get; } = client;

    public ConnectionEventLog Connection { get; } = new(client);

    public ChatRoom Room { get; private set; } = null!;

    public RoomEventLog Events { get; private set; } = null!;

    public async Task EnterAsync(Task<ChatRoom> entering)
    {
        Room = await entering;
        Events = new RoomEventLog(Room);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Connection.DisposeAsync();
        if (Events is not null)
        {
            await Events.DisposeAsync();
        }

        identity.Dispose();
    }
}
