using PyChat.ConsoleClient.Rendering;

namespace PyChat.ConsoleClient.Commands;

/// <summary><c>pychat rooms</c>: the active rooms, with members over capacity.</summary>
internal static class RoomsCommand
{
    public static async Task<ExitCode> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        await using var session = await context.LoginAsync(cancellationToken);
        var rooms = await session.Client.ListRoomsAsync(cancellationToken);
        context.Output.WriteRooms(rooms.Select(r => new RoomRow(r.Name, r.Members, r.Capacity)).ToList());
        return ExitCode.Ok;
    }
}
