using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using PyChat.Protocol;
using PyChat.Protocol.Frames;
using PyChat.Relay.Connections;
using PyChat.Relay.Rooms;

namespace PyChat.Relay.Tests.Rooms;

/// <summary>"Acknowledged" means the room log has the frame: nothing is acked or delivered before, or at all if it is lost.</summary>
public sealed class AcknowledgementTests
{
    [Fact]
    public async Task PublishAck_AndDelivery_WaitForTheLogsCommit_AndKeepTheRoomsOrder()
    {
        var log = new GatedRoomLog();
        await using var relay = await TestRelay.StartAsync(null, services => services.AddSingleton<IRoomLog>(log));
        var alice = await relay.RegisteredAsync("alice");
        var created = (RoomJoinedFrame)await alice.CreateRoomAsync("lobby");
        var bob = await relay.RegisteredAsync("bob");
        await bob.JoinRoomAsync("lobby");
        await alice.ReceiveAsync<MemberJoinedFrame>();

        log.Hold();
        await alice.PublishAsync("lobby", [1]);
        await alice.PublishAsync("lobby", [2]);
        await relay.LoggedAsync("lobby", created.LogEpoch, 4); // the relay took both, neither is committed
        await bob.NothingElseQueuedAsync(); // answered at once, with no Deliver before it

        log.Release();

        (await alice.ReceiveAsync<PublishedFrame>()).Offset.Should().Be(3);
        (await alice.ReceiveAsync<PublishedFrame>()).Offset.Should().Be(4);
        (await bob.ReceiveAsync<DeliverFrame>()).Offset.Should().Be(3);
        (await bob.ReceiveAsync<DeliverFrame>()).Offset.Should().Be(4);
    }

    [Fact]
    public async Task PublishesToOneRoom_WaitForTheLogTogether_AndEveryOtherRequestIsAnsweredAfterThem()
    {
        var log = new GatedRoomLog();
        await using var relay = await TestRelay.StartAsync(null, services => services.AddSingleton<IRoomLog>(log));
        var alice = await relay.RegisteredAsync("alice");
        var lobby = (RoomJoinedFrame)await alice.CreateRoomAsync("lobby");
        await alice.CreateRoomAsync("other");

        log.Hold();
        var first = alice.NextRequestId();
        await alice.SendAsync(new PublishFrame(first, "lobby", new byte[] { 1 }));
        var second = alice.NextRequestId();
        await alice.SendAsync(new PublishFrame(second, "lobby", new byte[] { 2 }));
        var elsewhere = alice.NextRequestId();
        await alice.SendAsync(new PublishFrame(elsewhere, "other", new byte[] { 3 }));
        var list = alice.NextRequestId();
        await alice.SendAsync(new ListRoomsFrame(list));
        var notMember = alice.NextRequestId();
        await alice.SendAsync(new PublishFrame(notMember, "nowhere", new byte[] { 4 }));

        // Both Publishes to the lobby took their offsets without waiting for each other's commit; the Publish to another
        // room waits for them, so its acknowledgement cannot overtake theirs.
        await relay.LoggedAsync("lobby", lobby.LogEpoch, 3);
        log.Release();

        (await alice.ReceiveAsync()).Should().Be(new PublishedFrame(first, 2));
        (await alice.ReceiveAsync()).Should().Be(new PublishedFrame(second, 3));
        (await alice.ReceiveAsync()).Should().Be(new PublishedFrame(elsewhere, 2));
        (await alice.ReceiveAsync()).Should().BeOfType<RoomListFrame>().Which.RequestId.Should().Be(list);
        (await alice.ReceiveAsync()).Should().Be(new ErrorFrame(notMember, ErrorCode.NotMember, ErrorMessages.For(ErrorCode.NotMember)));
    }

    [Fact]
    public async Task PublishTheLogCannotKeep_IsRefusedWithInternalError_DeliveredToNoOne_AndNeverReplayed()
    {
        var log = new GatedRoomLog();
        await using var relay = await TestRelay.StartAsync(null, services => services.AddSingleton<IRoomLog>(log));
        var alice = await relay.RegisteredAsync("alice");
        var created = (RoomJoinedFrame)await alice.CreateRoomAsync("lobby");
        var (bob, bobIdentity) = await relay.MemberAsync("bob");
        await bob.JoinRoomAsync("lobby");
        await alice.ReceiveAsync<MemberJoinedFrame>();

        log.FailDelivers = true;
        var id = alice.NextRequestId();
        await alice.SendAsync(new PublishFrame(id, "lobby", new byte[] { 1 }));

        (await alice.ReceiveAsync()).Should().Be(new ErrorFrame(id, ErrorCode.InternalError, "internal error"));
        await bob.NothingElseQueuedAsync();
        bob.Socket.Abort();
        (await alice.ReceiveAsync()).Should().Be(new MemberAwayFrame("lobby", 4, "bob", "alice"));
        var back = await relay.LoggedInAsync(bobIdentity);
        (await back.ResumeRoomAsync("lobby", created.LogEpoch, 2)).Should().BeOfType<ErrorFrame>()
            .Which.Code.Should().Be(ErrorCode.ResumeGap, "the log lost offset 3, so it does not reach back past it");
    }
}
