using PyChat.ConsoleClient.Rendering;

namespace PyChat.ConsoleClient.Chat;

/// <summary>
/// What the room view needs of the session for more than one room: entering another room, the relay's list of rooms,
/// the output chain for a room's window, and the connection's state for the status in the prompt.
/// </summary>
internal interface IRoomLobby
{
    /// <summary>Joins <paramref name="room"/>; with <paramref name="create"/>, creates it when no active room has that name.</summary>
    Task<IChatRoom> EnterAsync(string room, bool create, CancellationToken cancellationToken);

    Task<IReadOnlyList<RoomRow>> ListRoomsAsync(CancellationToken cancellationToken);

    /// <summary>Where <paramref name="room"/>'s lines go on their way to <paramref name="window"/> (mentions, folding…).</summary>
    RoomOutput OutputFor(IChatRoom room, IChatOutput window);

    /// <summary>The connection's state in a word, or null while it is connected.</summary>
    string? ConnectionTrouble { get; }

    /// <summary>The connection is closed for good: every room ends with it.</summary>
    bool ConnectionClosed { get; }
}
