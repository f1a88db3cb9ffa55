using System.Globalization;
using Microsoft.Data.Sqlite;
using PyChat.Relay.Hosting;

namespace PyChat.Relay.Commands;

/// <summary><c>PyChat.Relay rooms list</c>: the rooms in the room log, with members, hub and last offset. Reads only.</summary>
internal static class RoomsListCommand
{
    public static System.CommandLine.Command Create() => RelayVerb.Create(
        "list",
        "List the rooms in the room log (rooms.db): name, hub, last offset and members (away: may still resume). Reads only.",
        (_, io, cancellationToken) => RunAsync(io, cancellationToken));

    private static async Task<int> RunAsync(CommandIo io, CancellationToken cancellationToken)
    {
        var relay = RelayConfiguration.Read(io.Configuration);
        if (relay.Options.RoomLog.Storage == RoomLogStorage.Memory)
        {
            return await io.FailAsync("The room log is kept in memory (Relay:RoomLog:Storage is Memory): only the running relay knows its rooms.");
        }

        var path = Path.Combine(relay.DataDirectory, RoomLogFile.FileName);
        if (!File.Exists(path))
        {
            return await io.FailAsync($"There is no room log at {path}: give the relay's --Relay:DataDirectory (or run the command where the relay runs).");
        }

        IReadOnlyList<ListedRoom> rooms;
        try
        {
            rooms = await RoomLogFile.ReadAsync(path, cancellationToken);
        }
        catch (SqliteException e)
        {
            return await io.FailAsync($"Cannot read the room log {path}: {e.Message}");
        }

        if (rooms.Count == 0)
        {
            await io.Output.WriteLineAsync("No rooms.");
            return ExitCodes.Ok;
        }

        var width = Math.Max("ROOM".Length, rooms.Max(r => r.Name.Length));
        var hubWidth = Math.Max("HUB".Length, rooms.Max(r => r.Hub.Length));
        await io.Output.WriteLineAsync($"{"ROOM".PadRight(width)}  {"HUB".PadRight(hubWidth)}  {"OFFSET",10}  MEMBERS");
        foreach (var room in rooms)
        {
            var members = string.Join(", ", room.Members.Select(m => m.Away ? $"{m.Name} (away)" : m.Name));
            var offset = room.LastOffset.ToString(CultureInfo.InvariantCulture);
            await io.Output.WriteLineAsync($"{room.Name.PadRight(width)}  {room.Hub.PadRight(hubWidth)}  {offset,10}  {members}");
        }

        return ExitCodes.Ok;
    }
}
