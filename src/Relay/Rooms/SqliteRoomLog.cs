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
    private readonly string _probeConnectionString;
    private readonly ILogger<SqliteRoomLog> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private SqliteConnection? _connection;
    private SqliteConnection? _checkpointer;
    private Statements? _statements;
    private Task _writer = Task.CompletedTask;
    private Task _checkpoints = Task.CompletedTask;
    private readonly ulong _evictionStep;
    private int _commitsSinceCheckpoint;

    // The writer's own: per room, the offset below which rooms.db holds no frames (as far as this process deleted them).
    private readonly Dictionary<string, ulong> _evictedBelow = new(StringComparer.Ordinal);
    private int _disposed;

    public SqliteRoomLog(IOptions<RelayOptions> options, IRelayPaths paths, ILogger<SqliteRoomLog> logger)
    {
        _tails = new InMemoryRoomLog(options);
        _evictionStep = (ulong)Math.Max(1, options.Value.RoomLog.MaxFrames / 16);
        _logger = logger;
        _directory = paths.Resolve(options.Value.DataDirectory);
        DatabasePath = Path.Combine(_directory, "rooms.db");
        _connectionString = new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString();
        // Never one that creates the file: a room log that is gone must not look reachable.
        _probeConnectionString = new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false, Mode = SqliteOpenMode.ReadWrite }.ToString();
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
                    PRAGMA wal_autocheckpoint = 0;
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
                    """ + RoomFramesTable.Create;
                await schema.ExecuteNonQueryAsync();
            }

            await RoomFramesTable.UpgradeAsync(_connection);

            var rooms = await ReadRoomsAsync(_connection);
            _statements = new Statements(_connection);

            // Checkpoints (the only fsyncs in WAL mode with synchronous=NORMAL) run on a connection of their own: in the
            // writer, SQLite's automatic checkpoint held every acknowledgement and delivery behind its fsync (bench/RESULTS.md).
            _checkpointer = new SqliteConnection(_connectionString);
            await _checkpointer.OpenAsync();
            _writer = Task.Run(WriteLoopAsync);
            _checkpoints = Task.Run(CheckpointLoopAsync);
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

    /// <summary>Reads rooms.db on a connection of its own (the writer's is the writer's alone); fails once the log is closed.</summary>
    public async ValueTask ProbeAsync(CancellationToken cancellationToken)
    {
        if (_connection is null || Volatile.Read(ref _disposed) != 0)
        {
            throw new InvalidOperationException("the room log is not open");
        }

        await using var connection = new SqliteConnection(_probeConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM rooms LIMIT 1";
        await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>Commits what is still queued (the relay's last MemberAway frames among it), then closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        // The host disposes it, and so may its owner first.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _writes.Writer.TryComplete();
        await _writer;
        await _stopping.CancelAsync();
        await _checkpoints;
        _statements?.Dispose();
        if (_checkpointer is not null)
        {
            await _checkpointer.DisposeAsync();
        }

        if (_connection is not null)
        {
            try
            {
                await using var truncate = _connection.CreateCommand();
                truncate.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
                await truncate.ExecuteNonQueryAsync();
            }
            catch (SqliteException)
            {
                // The next start replays the WAL: nothing committed is lost.
            }

            await _connection.DisposeAsync();
        }

        _stopping.Dispose();
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

            var restoredRoom = room;
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

                // The last offset is the newest frame's (appends do not update the room's row), or the row's if the log
                // lost a frame after that. Only a run that ends at the last offset can be replayed; the tail keeps its bounds.
                var lastOffset = Math.Max(room.LastOffset, frames.Count > 0 ? frames[^1].Offset : 0);
                restoredRoom = room with { LastOffset = lastOffset };
                _tails.Restore(room.Name, room.LogEpoch, lastOffset);
                if (frames.Count > 0 && frames[^1].Offset == lastOffset)
                {
                    _tails.Restore(room.Name, room.LogEpoch, frames[0].Offset - 1);
                    foreach (var (offset, frame) in frames)
                    {
                        _tails.Append(room.Name, room.LogEpoch, offset, frame);
                    }
                }
            }

            restored.Add(restoredRoom with { Seats = seats });
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
        var statements = _statements!;
        using var transaction = _connection!.BeginTransaction();
        statements.Use(transaction);

        // Appends only insert. A room's last offset is its newest frame's, so it is not updated per append; old frames
        // are deleted every MaxFrames / 16 offsets rather than every batch (the tail in memory is what resumes read, and a
        // restore trims what it reads to the same bounds). Both statements cost as much as the inserts they followed.
        var kept = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var write in batch)
        {
            switch (write.Kind)
            {
                case WriteKind.Drop:
                    kept.Remove(write.Room);
                    _evictedBelow.Remove(write.Room);
                    statements.Drop(write.Room);
                    break;
                case WriteKind.Evict:
                    // The log lost this offset: nothing at or before it may be replayed, and it must never be given again.
                    statements.Evict(write.Room, write.FirstKept);
                    statements.Advance(write.Room, write.Offset);
                    _evictedBelow[write.Room] = write.FirstKept;
                    break;
                default:
                    statements.Append(write);
                    kept[write.Room] = Math.Max(kept.GetValueOrDefault(write.Room), write.FirstKept);
                    break;
            }
        }

        foreach (var (room, firstKept) in kept)
        {
            if (firstKept >= _evictedBelow.GetValueOrDefault(room) + _evictionStep)
            {
                statements.Evict(room, firstKept);
                _evictedBelow[room] = firstKept;
            }
        }

        transaction.Commit();
        Interlocked.Increment(ref _commitsSinceCheckpoint);
    }

    /// <summary>A passive checkpoint about once a second when something was committed: it never blocks the writer.</summary>
    private async Task CheckpointLoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                if (Interlocked.Exchange(ref _commitsSinceCheckpoint, 0) == 0)
                {
                    continue;
                }

                try
                {
                    await using var checkpoint = _checkpointer!.CreateCommand();
                    checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
                    await checkpoint.ExecuteNonQueryAsync(_stopping.Token);
                }
                catch (SqliteException e)
                {
                    // The WAL only grows until the next one succeeds; commits are unaffected.
                    Log.CheckpointFailed(_logger, DatabasePath, e.SqliteErrorCode);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
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

    /// <summary>The writer's prepared statements, kept for its life; each transaction takes them in turn (<see cref="Use"/>).</summary>
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

        public Statements(SqliteConnection connection)
        {
            SqliteCommand Make(string sql, params string[] parameters)
            {
                var command = connection.CreateCommand();
                command.CommandText = sql;
                foreach (var parameter in parameters)
                {
                    command.Parameters.Add(new SqliteParameter { ParameterName = parameter });
                }

                return command;
            }

            _insertFrame = Make("INSERT OR REPLACE INTO room_frames (room, seq, frame) VALUES ($room, $seq, $frame)", "$room", "$seq", "$frame");
            _evict = Make("DELETE FROM room_frames WHERE room = $room AND seq < $first", "$room", "$first");
            _advance = Make("UPDATE rooms SET last_offset = max(last_offset, $offset) WHERE name = $room", "$room", "$offset");
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

        private IEnumerable<SqliteCommand> All => [_insertFrame, _evict, _advance, _saveRoom, _clearSeats, _insertSeat, _dropFrames, _dropRoom];

        public void Use(SqliteTransaction transaction)
        {
            foreach (var command in All)
            {
                command.Transaction = transaction;
            }
        }

        /// <summary>Inserts the frame, and the room's state if it changed.</summary>
        public void Append(Write write)
        {
            Run(_insertFrame, write.Room, (long)write.Offset, write.Frame!);
            if (write.State is not { } state)
            {
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

        public void Advance(string room, ulong offset) => Run(_advance, room, (long)offset);

        public void Drop(string room)
        {
            Run(_dropFrames, room);
            Run(_clearSeats, room);
            Run(_dropRoom, room);
        }

        public void Dispose()
        {
            foreach (var command in All)
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

        [LoggerMessage(EventIds.RoomLogCheckpointFailed, LogLevel.Warning, "The room log {DatabasePath} could not checkpoint its WAL (SQLite error {Code}); it tries again in a second")]
        public static partial void CheckpointFailed(ILogger logger, string databasePath, int code);
    }
}
