using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using PyChat.Relay.Rooms;

namespace PyChat.Benchmarks.Storage;

/// <summary>
/// rooms.db's frame table in its two layouts, as the room log's writer uses it: one transaction per batch of 64
/// frames, the frames of 20 rooms interleaved (as 20 busy rooms append), WAL with synchronous=NORMAL, one prepared
/// INSERT, and each room trimmed to its newest 1,000 frames. <c>rowid</c> is <see cref="RoomFramesTable.Create"/>; <c>without rowid</c> is the same table declared
/// WITHOUT ROWID, the layout before it. One operation is one batch; compare the two in one run.
/// </summary>
[MemoryDiagnoser]
public class RoomFramesLayoutBenchmarks
{
    private const int Batch = 64;
    private const int Rooms = 20;
    private readonly string[] _roomNames = [.. Enumerable.Range(0, Rooms).Select(i => $"room{i}")];
    private string _path = "";
    private SqliteConnection _connection = null!;
    private SqliteCommand _insert = null!;
    private SqliteCommand _evict = null!;
    private byte[] _frame = [];
    private long _seq;

    [Params("rowid", "without rowid")]
    public string Layout { get; set; } = "rowid";

    /// <summary>A Deliver frame of a Chat payload is a few hundred bytes (see PublishRoutingBenchmarks).</summary>
    [Params(400)]
    public int FrameBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _frame = new byte[FrameBytes];
        Random.Shared.NextBytes(_frame);
        _path = Path.Combine(Path.GetTempPath(), $"pychat-bench-{Guid.NewGuid():N}.db");
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false }.ToString());
        _connection.Open();
        var create = Layout == "rowid" ? RoomFramesTable.Create : RoomFramesTable.Create.Replace(");", ") WITHOUT ROWID;", StringComparison.Ordinal);
        using (var schema = _connection.CreateCommand())
        {
            schema.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; " + create;
            schema.ExecuteNonQuery();
        }

        _insert = _connection.CreateCommand();
        _insert.CommandText = "INSERT OR REPLACE INTO room_frames (room, seq, frame) VALUES ($room, $seq, $frame)";
        _insert.Parameters.Add("$room", SqliteType.Text);
        _insert.Parameters.Add("$seq", SqliteType.Integer);
        _insert.Parameters.Add("$frame", SqliteType.Blob);
        _evict = _connection.CreateCommand();
        _evict.CommandText = "DELETE FROM room_frames WHERE room = $room AND seq < $first";
        _evict.Parameters.Add("$room", SqliteType.Text);
        _evict.Parameters.Add("$first", SqliteType.Integer);
    }

    [Benchmark]
    public void AppendBatch()
    {
        using var transaction = _connection.BeginTransaction();
        _insert.Transaction = transaction;
        for (var i = 0; i < Batch; i++)
        {
            _insert.Parameters[0].Value = _roomNames[i % Rooms];
            _insert.Parameters[1].Value = _seq++;
            _insert.Parameters[2].Value = _frame;
            _insert.ExecuteNonQuery();
        }

        // As the writer does: each room keeps its newest 1,000 frames, old ones deleted every 1,000 / 16 of its offsets.
        if (_seq % (Rooms * 1000 / 16) < Batch)
        {
            _evict.Transaction = transaction;
            foreach (var room in _roomNames)
            {
                _evict.Parameters[0].Value = room;
                _evict.Parameters[1].Value = _seq - (Rooms * 1000);
                _evict.ExecuteNonQuery();
            }
        }

        transaction.Commit();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _insert.Dispose();
        _evict.Dispose();
        _connection.Dispose();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
