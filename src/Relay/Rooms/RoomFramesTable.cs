using Microsoft.Data.Sqlite;

namespace PyChat.Relay.Rooms;

/// <summary>
/// The <c>room_frames</c> table of rooms.db. It is an ordinary rowid table with a (room, seq) key: frames are hundreds
/// of bytes, and in a WITHOUT ROWID table (what rooms.db had before) each one is stored inside the key's B-tree, so
/// twenty rooms appending side by side split pages on every insert. A rowid table only ever appends its rows and keeps
/// the small keys in the index: about half the writer's CPU per frame (bench/RESULTS.md).
/// </summary>
internal static class RoomFramesTable
{
    public const string Create = """
        CREATE TABLE IF NOT EXISTS room_frames (
            room TEXT NOT NULL,
            seq INTEGER NOT NULL,
            frame BLOB NOT NULL,
            PRIMARY KEY (room, seq)
        );
        """;

    /// <summary>Rewrites a rooms.db of the earlier layout into this one, in one transaction: a crash leaves either layout, whole.</summary>
    public static async Task UpgradeAsync(SqliteConnection connection)
    {
        await using (var layout = connection.CreateCommand())
        {
            layout.CommandText = "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'room_frames'";
            var sql = (string?)await layout.ExecuteScalarAsync();
            if (sql is null || !sql.Contains("WITHOUT ROWID", StringComparison.OrdinalIgnoreCase))
            {
                return;
            }
        }

        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var upgrade = connection.CreateCommand();
        upgrade.Transaction = transaction;
        upgrade.CommandText = $"""
            ALTER TABLE room_frames RENAME TO room_frames_without_rowid;
            {Create}
            INSERT INTO room_frames (room, seq, frame) SELECT room, seq, frame FROM room_frames_without_rowid ORDER BY room, seq;
            DROP TABLE room_frames_without_rowid;
            """;
        await upgrade.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }
}
