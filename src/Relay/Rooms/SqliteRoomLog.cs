using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PyChat.Protocol.Frames;
using PyChat.Relay.Hosting;

namespace PyChat.Relay.Rooms;

/// <summary>
/// The room log in <c>rooms.db</c> under <c>Relay:DataDirectory</c> (the relay's default): every frame that took an
/// offset, and each room's state after every change of its seats, so rooms come back after a restart or a crash.
/// One background writer commits appends in batches (group commit: whatever queued while the previous transaction
/// ran, up to <see cref="MaxBatch"/>), in WAL mode with <c>synchronous=NORMAL</c>: a commit survives the process being
/// killed (not a power loss). An append's task completes only after its commit, and the room sends nothing before.
/// Reads are served from the same bounded tails in memory that <see cref="InMemoryRoomLog"/> keeps.
/// </summary>
internal sealed partial class SqliteRoomLog : IRoomLog, IAsyncDisposable
{
    private const int MaxBatch = 512;
    private readonly InMemoryRoomLog _tails;
    private readonly Channel<Write> _writes = Channel.CreateUnbounded<Write>(new UnboundedChannelOptions { SingleReader = true });
    private readonly string _directory;
    private readonly string _connectionString;
    private readonly ILogger<SqliteRoomLog> _logger;
    private SqliteConnection? _connection;
    private Task _writer = Task.CompletedTask;

    public SqliteRoomLog(IOptions<RelayOptions> options, IRelayPaths paths, ILogger<SqliteRoomLog> logger)
    {
        _tails = new InMemoryRoomLog(options);
        _logger = logger;
        _directory = paths.Resolve(options.Value.DataDirectory);
        DatabasePath = Path.Combine(_directory, "rooms.db");
        _connectionString = new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString();
    }

    public string DatabasePath { get; }

    public async Task<IReadOnlyList<RoomState>> OpenAsync()
    {
        try
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(_directory);
            }
            else
            {
                Directory.CreateDirectory(_directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute); // as the registry does
            }
            _connection = new SqliteConnection(_connectionString);
            await _connection.OpenAsync();
            await using (var schema = _connection.CreateCommand())
            {
                schema.CommandText = """
                    PRAGMA journal_mode = WAL;
                    PRAGMA synchronous = NORMAL;
                    CREATE TABLE IF NOT EXISTS rooms (
                        name TEXT PRIMARY KEY NOT NULL,
                        log_epoch INTEGER NOT NULL,
                        last_offset INTEGER NOT NULL,
                        hub TEXT NOT NULL
                    ) WITHOUT ROWID;
                    CREATE TABLE IF NOT EXISTS room_seats (
                        room TEXT NOT NULL,
                        position INTEGER NOT NULL,
                        name TEXT NOT NULL,
                        spki BLOB NOT NULL,
                        announcement BLOB NOT NULL,
                        away INTEGER NOT NULL,
                        PRIMARY KEY (room, position)
                    ) WITHOUT ROWID;
                    CREATE TABLE IF NOT EXISTS room_frames (
                        room TEXT NOT NULL,
                        seq INTEGER NOT NULL,
                        frame BLOB NOT NULL,
                        PRIMARY KEY (room, seq)
                    ) WITHOUT ROWID;
                    """;
                await schema.ExecuteNonQueryAsync();
            }

            var rooms = await ReadRoomsAsync(_connection);
            _writer = Task.Run(WriteLoopAsync);
            return rooms;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SqliteException)
        {
            throw new RelayStartupException($"cannot open the room log {DatabasePath}: {e.Message}", e);
        }
    }

    public Task AppendAsync(string room, ulong logEpoch, ulong offset, byte[] frame, RoomState? state)
    {
        var firstKept = _tails.Append(room, logEpoch, offset, frame);
        var write = new Write(WriteKind.Append, room, logEpoch, offset, frame, state, firstKept);
        return _writes.Writer.TryWrite(write) ? write.Committed.Task : Task.FromException(new ObjectDisposedException(nameof(SqliteRoomLog)));
    }

    public bool TryReadAfter(string room, ulong logEpoch, ulong afterOffset, out IReadOnlyList<byte[]> frames) =>
        _tails.TryReadAfter(room, logEpoch, afterOffset, out frames);

    public void Evict(string room, ulong logEpoch, ulong throughOffset)
    {
        _tails.Evict(room, logEpoch, throughOffset);
        _writes.Writer.TryWrite(new Write(WriteKind.Evict, room, logEpoch, throughOffset, null, null, throughOffset + 1));
    }

    public void Drop(string room)
    {
        _tails.Drop(room);
        _writes.Writer.TryWrite(new Write(WriteKind.Drop, room, 0, 0, null, null, 0));
    }

    /// <summary>Commits what is still queued (the relay's last MemberAway frames among it), then closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        _writes.Writer.TryComplete();
        await _writer;
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }

    private async Task<IReadOnlyList<RoomState>> ReadRoomsAsync(SqliteConnection connection)
    {
        var rooms = new List<RoomState>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name, log_epoch, last_offset, hub FROM rooms ORDER BY name";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rooms.Add(new RoomState(reader.GetString(0), unchecked((ulong)reader.GetInt64(1)), (ulong)reader.GetInt64(2), reader.GetString(3), []));
            }
        }

        var restored = new List<RoomState>(rooms.Count);
        foreach (var room in rooms)
        {
            var seats = new List<SeatState>();
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT name, spki, announcement, away FROM room_seats WHERE room = $room ORDER BY position";
                command.Parameters.AddWithValue("$room", room.Name);
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    seats.Add(new SeatState(new RoomMember(reader.GetString(0), (byte[])reader[1], (byte[])reader[2]), reader.GetInt64(3) != 0));
                }
            }

            if (seats.Count == 0)
            {
                continue;
            }

            _tails.Restore(room.Name, room.LogEpoch, room.LastOffset);
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT seq, frame FROM room_frames WHERE room = $room ORDER BY seq";
                command.Parameters.AddWithValue("$room", room.Name);
                await using var reader = await command.ExecuteReaderAsync();
                var frames = new List<(ulong Offset, byte[] Frame)>();
                while (await reader.ReadAsync())
                {
                    frames.Add(((ulong)reader.GetInt64(0), (byte[])reader[1]));
                }

                // Only the run that ends at the room's last offset can be replayed; the tail drops anything before a hole.
                if (frames.Count > 0 && frames[^1].Offset == room.LastOffset)
                {
                    _tails.Restore(room.Name, room.LogEpoch, frames[0].Offset - 1);
                    foreach (var (offset, frame) in frames)
                    {
                        _tails.Append(room.Name, room.LogEpoch, offset, frame);
                    }
                }
            }

            restored.Add(room with { Seats = seats });
        }

        return restored;
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Write>(MaxBatch);
        var reader = _writes.Reader;
        while (await reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var write))
            {
                batch.Add(write);
            }

            try
            {
                Commit(batch);
                foreach (var write in batch)
                {
                    write.Committed.TrySetResult();
                }
            }
            catch (Exception e)
            {
                // Whatever it was, the writer goes on: a dead writer would leave every later append waiting for ever.
                // SQLite's code says why (full, read-only, I/O); the frames themselves are never logged.
                Log.Failed(_logger, DatabasePath, batch.Count, (e as SqliteException)?.SqliteErrorCode ?? 0, e.GetType().Name);
                foreach (var write in batch)
                {
                    write.Committed.TrySetException(e);
                }
            }
        }
    }

    private void Commit(List<Write> batch)
    {
        var connection = _connection!;
        using var transaction = connection.BeginTransaction();
        using var statements = new Statements(connection, transaction);
        foreach (var write in batch)
        {
            switch (write.Kind)
            {
                case WriteKind.Drop:
                    statements.Drop(write.Room);
                    break;
                case WriteKind.Evict:
                    statements.Evict(write.Room, write.FirstKept);
                    break;
                default:
                    statements.Append(write);
                    break;
            }
        }

        transaction.Commit();
    }

    private enum WriteKind
    {
        Append,
        Evict,
        Drop,
    }

    private sealed record Write(WriteKind Kind, string Room, ulong LogEpoch, ulong Offset, byte[]? Frame, RoomState? State, ulong FirstKept)
    {
        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>The prepared statements of one transaction.</summary>
    private sealed class Statements : IDisposable
    {
        private readonly SqliteCommand _insertFrame;
        private readonly SqliteCommand _evict;
        private readonly SqliteCommand _advance;
        private readonly SqliteCommand _saveRoom;
        private readonly SqliteCommand _clearSeats;
        private readonly SqliteCommand _insertSeat;
        private readonly SqliteCommand _dropFrames;
        private readonly SqliteCommand _dropRoom;

        public Statements(SqliteConnection connection, SqliteTransaction transaction)
        {
            SqliteCommand Make(string sql, params string[] parameters)
            {
                var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = sql;
                foreach (var parameter in parameters)
                {
                    command.Parameters.Add(new SqliteParameter { ParameterName = parameter });
                }

                return command;
            }

            _insertFrame = Make("INSERT OR REPLACE INTO room_frames (room, seq, frame) VALUES ($room, $seq, $frame)", "$room", "$seq", "$frame");
            _evict = Make("DELETE FROM room_frames WHERE room = $room AND seq < $first", "$room", "$first");
            _advance = Make("UPDATE rooms SET last_offset = $offset WHERE name = $room", "$room", "$offset");
            _saveRoom = Make(
                "INSERT INTO rooms (name, log_epoch, last_offset, hub) VALUES ($room, $epoch, $offset, $hub) "
                + "ON CONFLICT(name) DO UPDATE SET log_epoch = excluded.log_epoch, last_offset = excluded.last_offset, hub = excluded.hub",
                "$room", "$epoch", "$offset", "$hub");
            _clearSeats = Make("DELETE FROM room_seats WHERE room = $room", "$room");
            _insertSeat = Make(
                "INSERT INTO room_seats (room, position, name, spki, announcement, away) VALUES ($room, $position, $name, $spki, $announcement, $away)",
                "$room", "$position", "$name", "$spki", "$announcement", "$away");
            _dropFrames = Make("DELETE FROM room_frames WHERE room = $room", "$room");
            _dropRoom = Make("DELETE FROM rooms WHERE name = $room", "$room");
        }

        public void Append(Write write)
        {
            Run(_insertFrame, write.Room, (long)write.Offset, write.Frame!);
            Run(_evict, write.Room, (long)write.FirstKept);
            if (write.State is not { } state)
            {
                Run(_advance, write.Room, (long)write.Offset);
                return;
            }

            Run(_saveRoom, state.Name, unchecked((long)state.LogEpoch), (long)state.LastOffset, state.Hub);
            Run(_clearSeats, state.Name);
            for (var i = 0; i < state.Seats.Count; i++)
            {
                var seat = state.Seats[i];
                Run(_insertSeat, state.Name, i, seat.Member.Name, seat.Member.IdentityKey.ToArray(), seat.Member.Announcement.ToArray(), seat.Away ? 1 : 0);
            }
        }

        public void Evict(string room, ulong firstKept) => Run(_evict, room, (long)firstKept);

        public void Drop(string room)
        {
            Run(_dropFrames, room);
            Run(_clearSeats, room);
            Run(_dropRoom, room);
        }

        public void Dispose()
        {
            foreach (var command in new[] { _insertFrame, _evict, _advance, _saveRoom, _clearSeats, _insertSeat, _dropFrames, _dropRoom })
            {
                command.Dispose();
            }
        }

        private static void Run(SqliteCommand command, params object[] values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters[i].Value = values[i];
            }

            command.ExecuteNonQuery();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.RoomLogFailed, LogLevel.Error, "The room log {DatabasePath} could not commit {Count} frames (SQLite error {Code}, {ExceptionType}); their messages were refused")]
        public static partial void Failed(ILogger logger, string databasePath, int count, int code, string exceptionType);
    }
}
