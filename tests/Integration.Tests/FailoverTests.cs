using FluentAssertions;
using PyChat.Integration.Tests.Support;
using PyChat.Protocol.Frames;

namespace PyChat.Integration.Tests;

[Collection(RelayCollection.Name)]
public sealed class FailoverTests(RelayFixture relay)
{
    [Fact]
    public async Task HubConnectionKilled_WhileAJoinerWaitsForItsKey_TheNewHubKeysTheJoiner()
    {
        var room = relay.UniqueName("failover");
        await using var hub = await (await relay.RegisterAsync("hub")).CreateAsync(room);
        await using var second = await (await relay.RegisterAsync("second")).JoinAsync(room);
        await second.Room.WaitForKeyAsync();
        await using var joiner = await relay.RegisterAsync("joiner");

        // Freeze the hub just before it learns of the joiner, so it never sends the joiner a key.
        hub.Tap.HoldOn(frame => frame is MemberJoinedFrame joined && joined.Member.Name == joiner.Name);
        await joiner.JoinAsync(room);
        joiner.Room.HasKey.Should().BeFalse();

        hub.Client.AbortConnection();
        hub.Tap.Release();

        await joiner.Room.WaitForKeyAsync().WaitAsync(RoomEventLog.Patience);
        joiner.Room.Hub.Should().Be(second.Name);
        await second.Room.SendAsync("keyed by the new hub");
        await joiner.Events.WaitForMessageAsync("keyed by the new hub");
        await joiner.Room.SendAsync("and I can talk");
        await second.Events.WaitForMessageAsync("and I can talk");
    }
}
