using System.Text;
using FluentAssertions;
using PyChat.Client;
using PyChat.Client.Cryptography;
using PyChat.Protocol;
using PyChat.Protocol.Frames;
using PyChat.TestSupport.Relays;

namespace PyChat.ClientLib.Tests.Network;

public sealed class RoomTests : IDisposable
{
    private readonly IdentityKey _alice = IdentityKey.Generate();

    public void Dispose() => _alice.Dispose();

    [Fact]
    public async Task CreateRoom_AnsweredWithRoomJoined_GivesAKeyedRoomWithTheCreatorAsHub()
    {
        await using var scenario = new FakeRelayScenario();
        var (client, relay) = await LoggedInAsync(scenario);
        await using var _client = client;

        var room = await CreateAsync(client, relay, "lobby");

        room.Name.Should().Be("lobby");
        room.Hub.Should().Be("alice");
        room.Members.Should().ContainSingle().Which.Should().BeEquivalentTo(
            new { Name = "alice", Fingerprint = _alice.PublicKey.FingerprintHex, IsHub = true });
        room.HasKey.Should().BeTrue();
        await room.WaitForKeyAsync();
    }

    [Fact]
    public async Task Send_PublishesToTheRoomWithoutThePlaintextOnTheWire()
    {
        await using var scenario = new FakeRelayScenario();
        var (client, relay) = await LoggedInAsync(scenario);
        await using var _client = client;
        var room = await CreateAsync(client, relay, "lobby");

        var sending = room.SendAsync("the eagle lands at midnight");
        var publish = (PublishFrame)Frame.Decode(await relay.ReceiveAsync());

        publish.Room.Should().Be("lobby");
        Encoding.UTF8.GetString(publish.Payload.Span).Should().NotContain("eagle");
        sending.IsCompleted.Should().BeFalse("a send completes on the relay's acknowledgement, not when it is written");
        await relay.SendAsync(new PublishedFrame(publish.RequestId, 2).Encode());
        await sending;
    }

    [Fact]
    public async Task Send_RefusedByTheRelay_FailsWithTheRelaysReason()
    {
        await using var scenario = new FakeRelayScenario();
        var (client, relay) = await LoggedInAsync(scenario);
        await using var _client = client;
        var room = await CreateAsync(client, relay, "lobby");

        var sending = room.SendAsync("one too many");
        var publish = (PublishFrame)Frame.Decode(await relay.ReceiveAsync());
        await relay.SendAsync(new ErrorFrame(publish.RequestId, ErrorCode.RateLimited, "rate limited").Encode());

        (await sending.Awaiting(s => s).Should().ThrowAsync<PyChatRelayException>()).Which.Code.Should().Be(ErrorCode.RateLimited);
    }

    [Fact]
    public async Task Leave_SendsLeaveRoomAndEndsTheEvents()
    {
        await using var scenario = new FakeRelayScenario();
        var (client, relay) = await LoggedInAsync(scenario);
        await using var _client = client;
        var room = await CreateAsync(client, relay, "lobby");
        var events = ReadAllAsync(room);

        var leaving = room.LeaveAsync();
        var leave = (LeaveRoomFrame)Frame.Decode(await relay.ReceiveAsync());
        await relay.SendAsync(new OkFrame(leave.RequestId).Encode());
        await leaving;

        leave.Room.Should().Be("lobby");
        await events;
        await room.Awaiting(r => r.SendAsync("late")).Should().ThrowAsync<InvalidOperationException>();
    }

    [Fact]
    public async Task Room_WhenTheClientClosesForGood_EndsItsEventsAndKeyWaitWithConnectionException()
    {
        await using var scenario = new FakeRelayScenario();
        var (client, relay) = await LoggedInAsync(scenario);
        await using var _client = client;
        var joining = client.JoinRoomAsync("lobby");
        var join = (JoinRoomFrame)Frame.Decode(await relay.ReceiveAsync());
        using var hub = IdentityKey.Generate();
        await relay.SendAsync(new RoomJoinedFrame(join.RequestId, "lobby", "carol", 1, 2,
        [
            new RoomMember("carol", hub.PublicKey.SubjectPublicKeyInfo, new byte[] { 1 }),
            new RoomMember("alice", _alice.PublicKey.SubjectPublicKeyInfo, join.Announcement),
        ], []).Encode());
        var room = await joining;
        var keyWait = room.WaitForKeyAsync();

        // A drop no longer ends a room (the client reconnects and resumes it: ReconnectTests); a close that is never
        // retried does, as every drop did before.
        await relay.CloseAsync(CloseCode.SessionReplaced, "replaced");

        await keyWait.Awaiting(t => t).Should().ThrowAsync<PyChatConnectionException>();
        (await ReadAllAsync(room).Awaiting(t => t).Should().ThrowAsync<PyChatConnectionException>())
            .Which.CloseCode.Should().Be(CloseCode.SessionReplaced);
    }

    [Fact]
    public async Task Join_RefusedByTheRelay_ThrowsRelayExceptionWithTheCodeAndAllowsAnotherAttempt()
    {
        await using var scenario = new FakeRelayScenario();
        var (client, relay) = await LoggedInAsync(scenario);
        await using var _client = client;

        var joining = client.JoinRoomAsync("lobby");
        var join = (JoinRoomFrame)Frame.Decode(await relay.ReceiveAsync());
        await relay.SendAsync(new ErrorFrame(join.RequestId, ErrorCode.RoomFull, "room is full").Encode());

        (await joining.Awaiting(t => t).Should().ThrowAsync<PyChatRelayException>()).Which.Code.Should().Be(ErrorCode.RoomFull);
        var again = client.JoinRoomAsync("lobby");
        var secondJoin = (JoinRoomFrame)Frame.Decode(await relay.ReceiveAsync());
        secondJoin.Room.Should().Be("lobby");
        await relay.SendAsync(new ErrorFrame(secondJoin.RequestId, ErrorCode.UnknownRoom, "no such room").Encode());
        (await again.Awaiting(t => t).Should().ThrowAsync<PyChatRelayException>()).Which.Code.Should().Be(ErrorCode.UnknownRoom);
    }

    private static async Task ReadAllAsync(ChatRoom room)
    {
        await foreach (var _ in room.ReadEventsAsync())
        {
        }
    }

    private async Task<(PyChatClient, FakeRelayConnection)> LoggedInAsync(FakeRelayScenario scenario)
    {
        var (client, relay) = await scenario.ConnectAsync();
        var login = client.LoginAsync("alice", _alice);
        await relay.SendAsync(new OkFrame(((LoginFrame)Frame.Decode(await relay.ReceiveAsync())).RequestId).Encode());
        await login;
        return (client, relay);
    }

    private async Task<ChatRoom> CreateAsync(PyChatClient client, FakeRelayConnection relay, string name)
    {
        var creating = client.CreateRoomAsync(name);
        var create = (CreateRoomFrame)Frame.Decode(await relay.ReceiveAsync());
        await relay.SendAsync(new RoomJoinedFrame(create.RequestId, name, "alice", 1, 1,
            [new RoomMember("alice", _alice.PublicKey.SubjectPublicKeyInfo, create.Announcement)], []).Encode());
        return await creating;
    }
}
