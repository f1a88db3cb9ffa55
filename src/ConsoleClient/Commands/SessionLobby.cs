using PyChat.Client;
using PyChat.ConsoleClient.Chat;
using PyChat.ConsoleClient.Connection;
using PyChat.ConsoleClient.Rendering;

namespace PyChat.ConsoleClient.Commands;

/// <summary>The room view's way to more rooms of the same logged-in session (<c>/join</c>, <c>/create</c>, <c>/rooms</c>).</summary>
internal sealed class SessionLobby(CommandContext context, RelaySession session) : IRoomLobby
{
    public Task<IChatRoom> EnterAsync(string room, bool create, CancellationToken cancellationToken) =>
        create ? session.CreateAsync(room, cancellationToken) : session.EnterAsync(room, create: false, cancellationToken);

    public async Task<IReadOnlyList<RoomRow>> ListRoomsAsync(CancellationToken cancellationToken) =>
        (await session.Client.ListRoomsAsync(cancellationToken)).Select(r => new RoomRow(r.Name, r.Members, r.Capacity)).ToList();

    public RoomOutput OutputFor(IChatRoom room, IChatOutput window) => context.ForRoom(room, window);

    public bool ConnectionClosed => session.Connection.IsClosed;

    public string? ConnectionTrouble => session.Client.ConnectionState switch
    {
        ConnectionState.Connected => null,
        ConnectionState.Reconnecting => "reconnecting",
        _ => "disconnected",
    };

    /// <summary>
    /// The room view for <paramref name="room"/>: with more rooms to join at a terminal for people; one room, with
    /// output as the command asked, for scripts and bots (whose JSON lines name one room).
    /// </summary>
    public static async Task<RoomExit> RunViewAsync(CommandContext context, RelaySession session, IChatRoom room, CancellationToken cancellationToken)
    {
        RoomView? view = null;
        using var input = context.CreateRoomInput(() => view?.ActiveRoom ?? room);
        using var oneRoom = context.IsRich ? null : context.ForRoom(room);
        view = oneRoom is null
            ? new RoomView(room, input, context.Output, new SessionLobby(context, session))
            : new RoomView(room, input, oneRoom);
        return await view.RunAsync(cancellationToken);
    }
}
