using Microsoft.Data.Sqlite;

namespace PyChat.Relay.Commands;

/// <summary>
/// The rooms the room log (rooms.db) holds, read only, while the relay may be writing it (WAL mode lets a reader in
/// beside the writer). A room without seats is not listed: the relay does not bring it back either.
/// </summary>
internal static class RoomLogFile
{
    public const string FileName = "rooms.db";

    public static async Task<IReadOnlyList<ListedRoom>> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT r.name, r.hub, r.last_offset, s.name, s.away
            FROM rooms r JOIN room_seats s ON s.room = r.name
            ORDER BY r.name, s.position
            """;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rooms = new List<ListedRoom>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var name = reader.GetString(0);
            if (rooms.Count == 0 || rooms[^1].Name != name)
            {
                rooms.Add(new ListedRoom(name, reader.GetString(1), (ulong)reader.GetInt64(2), []));
            }

            rooms[^1].Members.Add(new ListedMember(reader.GetString(3), reader.GetInt64(4) != 0));
        }

        return rooms;
    }
}
