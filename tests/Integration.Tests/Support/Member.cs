using PyChat.Client;
using PyChat.Client.Cryptography;

namespace PyChat.Integration.Tests.Support;

/// <summary>A registered user's connection, its raw-frame tap, and at most one room with its event log.</summary>
public sealed class Member(string name, IdentityKey identity, PyChatClient client, RecordingFrameTap tap) : IAsyncDisposable
{
    public string Name { get; } = name;

    public IdentityKey Identity { get; } = identity;

    public PyChatClient Client { get; } = client;

    public RecordingFrameTap Tap { get; } = tap;

    public ChatRoom Room { get; private set; } = null!;

    /// <summary>Connects with <paramref name="options"/> and registers <paramref name="name"/> with a fresh identity key; dispose the result to disconnect.</summary>
    public static async Task<Member> RegisterAsync(string name, PyChatClientOptions options)
    {
        var tap = new RecordingFrameTap();
        var identity = IdentityKey.Generate();
        var client = await PyChatClient.ConnectAsync(options with { FrameTap = tap });
        await client.RegisterAsync(name, identity);
        return new Member(name, identity, client, tap);
    }

    public RoomEventLog Events { get; private set; } = null!;

    public async Task<Member> CreateAsync(string room)
    {
        Enter(await Client.CreateRoomAsync(room));
        return this;
    }

    public async Task<Member> JoinAsync(string room)
    {
        Enter(await Client.JoinRoomAsync(room));
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        Tap.Release();
        await Client.DisposeAsync();
        if (Events is not null)
        {
            await Events.DisposeAsync();
        }

        Identity.Dispose();
    }

    private void Enter(ChatRoom room)
    {
        Room = room;
        Events = new RoomEventLog(room);
    }
}
