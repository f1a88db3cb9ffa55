using FluentAssertions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using PyChat.Protocol;
using PyChat.Protocol.Frames;

namespace PyChat.Relay.Tests.Rooms;

/// <summary>Rooms and their logs in rooms.db: back after a restart or a crash, bounded, and gone with the room.</summary>
public sealed class RestartTests : RestartContract
{
    [Fact]
    public async Task PublishAcknowledged_IsInTheLogOfARelayKilledRightAfterTheAck()
    {
        await using var relay = await TestRelay.StartAsync();
        var alice = await relay.RegisteredAsync("alice");
        var created = (RoomJoinedFrame)await alice.CreateRoomAsync("lobby");
        var (bob, bobIdentity) = await relay.MemberAsync("bob");
        await bob.JoinRoomAsync("lobby");
        await alice.ReceiveAsync<MemberJoinedFrame>();
        await alice.PublishAsync("lobby", [0xAC, 0x4B]);
        (await alice.ReceiveAsync<PublishedFrame>()).Offset.Should().Be(3);

        // No graceful stop, no flush: the files as they are at the moment of the ack.
        await using var survivor = await relay.StartOnACopyAsync();

        var bobBack = await survivor.LoggedInAsync(bobIdentity);
        (await bobBack.ResumeRoomAsync("lobby", created.LogEpoch, 2)).Should().Be(new RoomResumedFrame(2, "lobby", "bob", 6));
        (await bobBack.ReceiveRawAsync()).Should().Equal(new DeliverFrame("lobby", 3, "alice", new byte[] { 0xAC, 0x4B }).Encode());
        // Both were here when the relay died: the restored room announces them away, in join order, the hub unchanged.
        (await bobBack.ReceiveAsync()).Should().Be(new MemberAwayFrame("lobby", 4, "alice", "alice"));
        (await bobBack.ReceiveAsync()).Should().Be(new MemberAwayFrame("lobby", 5, "bob", "alice"));
    }

    [Fact]
    public async Task RoomLogFile_KeepsAtMostMaxFramesPerRoom_AndNothingOfARoomThatEnded()
    {
        await using var relay = await TestRelay.StartAsync(null, "--Relay:RoomLog:MaxFrames", "3");
        var alice = await relay.RegisteredAsync("alice");
        await alice.CreateRoomAsync("kept");
        await alice.CreateRoomAsync("ended");
        for (var i = 0; i < 10; i++)
        {
            await alice.PublishAsync("kept", [1]);
            await alice.PublishAsync("ended", [1]);
        }

        for (var i = 0; i < 20; i++)
        {
            await alice.ReceiveAsync<PublishedFrame>();
        }

        (await alice.LeaveRoomAsync("ended")).Should().BeOfType<OkFrame>();
        alice.Socket.Abort();
        await relay.Host.DisposeAsync();

        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = relay.RoomLogPath, Pooling = false }.ToString());
        await connection.OpenAsync();
        (await CountAsync(connection, "SELECT count(*) FROM room_frames WHERE room = 'kept'")).Should().Be(3);
        (await CountAsync(connection, "SELECT min(seq) FROM room_frames WHERE room = 'kept'")).Should().BeGreaterThan(9);
        (await CountAsync(connection, "SELECT count(*) FROM room_frames WHERE room = 'ended'")).Should().Be(0);
        (await CountAsync(connection, "SELECT count(*) FROM rooms WHERE name = 'ended'")).Should().Be(0);
        (await CountAsync(connection, "SELECT count(*) FROM room_seats WHERE room = 'ended'")).Should().Be(0);
    }

    [Fact]
    public async Task RoomLogFile_DeletesOldFramesInSteps_OfASixteenthOfMaxFrames_AndARestartGoesOnAfterTheNewestFrame()
    {
        await using var relay = await TestRelay.StartAsync(null, "--Relay:RoomLog:MaxFrames", "32");
        var (alice, aliceIdentity) = await relay.MemberAsync("alice");
        var created = (RoomJoinedFrame)await alice.CreateRoomAsync("lobby");
        for (var i = 0; i < 40; i++)
        {
            await alice.PublishAsync("lobby", [(byte)i]);
        }

        for (var i = 0; i < 40; i++)
        {
            await alice.ReceiveAsync<PublishedFrame>();
        }

        // Offsets 1 (created) to 41, then MemberAway at 42 when the relay stops: the newest 32 are kept, at most a step (2) more.
        await using var restarted = await relay.RestartAsync(null, "--Relay:RoomLog:MaxFrames", "32");
        await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = restarted.RoomLogPath, Pooling = false }.ToString()))
        {
            await connection.OpenAsync();
            (await CountAsync(connection, "SELECT max(seq) FROM room_frames WHERE room = 'lobby'")).Should().Be(42);
            (await CountAsync(connection, "SELECT count(*) FROM room_frames WHERE room = 'lobby'")).Should().BeInRange(32, 34);
        }

        var back = await restarted.LoggedInAsync(aliceIdentity);
        (await back.ResumeRoomAsync("lobby", created.LogEpoch, 41)).Should().BeOfType<RoomResumedFrame>()
            .Which.Offset.Should().Be(43, "the room goes on after its newest frame (42, alice away), with alice back at 43");
    }

    [Fact]
    public async Task RoomLogFile_OfTheEarlierLayout_IsUpgradedOnStart_WithEveryFrameKept()
    {
        await using var relay = await TestRelay.StartAsync();
        var (alice, aliceIdentity) = await relay.MemberAsync("alice");
        var created = (RoomJoinedFrame)await alice.CreateRoomAsync("lobby");
        for (var i = 0; i < 5; i++)
        {
            await alice.PublishAsync("lobby", [(byte)i]);
            await alice.ReceiveAsync<PublishedFrame>();
        }

        // What a relay before this version left: the same rows, in a WITHOUT ROWID table.
        await using var restarted = await relay.RestartAfterAsync(() => ExecuteAsync(relay.RoomLogPath, """
            CREATE TABLE earlier (room TEXT NOT NULL, seq INTEGER NOT NULL, frame BLOB NOT NULL, PRIMARY KEY (room, seq)) WITHOUT ROWID;
            INSERT INTO earlier SELECT room, seq, frame FROM room_frames;
            DROP TABLE room_frames;
            ALTER TABLE earlier RENAME TO room_frames;
            """));

        await using (var connection = await OpenAsync(restarted.RoomLogPath))
        {
            await using var layout = connection.CreateCommand();
            layout.CommandText = "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'room_frames'";
            ((string)(await layout.ExecuteScalarAsync())!).Should().NotContain("WITHOUT ROWID");
            (await CountAsync(connection, "SELECT count(*) FROM room_frames WHERE room = 'lobby'")).Should().Be(7, "created, five messages, alice away");
        }

        var back = await restarted.LoggedInAsync(aliceIdentity);
        (await back.ResumeRoomAsync("lobby", created.LogEpoch, 1)).Should().BeOfType<RoomResumedFrame>().Which.Offset.Should().Be(8);
        for (var offset = 2UL; offset <= 6; offset++)
        {
            (await back.ReceiveAsync<DeliverFrame>()).Offset.Should().Be(offset, "every frame of the earlier file is still there, in order");
        }
    }

    private static async Task<SqliteConnection> OpenAsync(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ExecuteAsync(string path, string sql)
    {
        await using var connection = await OpenAsync(path);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> CountAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
