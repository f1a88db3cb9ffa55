using PyChat.Client;
using PyChat.Client.Cryptography;

namespace PyChat.Integration.Tests.Support;

/// <summary>A member whose room and connection events are both recorded.</summary>
public sealed class ResilientMember(string name, IdentityKey identity, PyChatClient client) : IAsyncDisposable
{
    public string Name { get; } = name;

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
