using FluentAssertions;
using PyChat.Client;
using PyChat.Client.Cryptography;
using PyChat.Integration.Tests.Support;
using PyChat.TestSupport;
using PyChat.TestSupport.Relays;

namespace PyChat.Integration.Tests;

/// <summary>
/// A relay process that is stopped, killed or frozen under a conversation (issue 10): the members reconnect by
/// themselves, resume their rooms, and nothing acknowledged, nor anything typed meanwhile, is lost or doubled.
/// </summary>
public sealed class RelayRestartTests : IAsyncLifetime
{
    private readonly OwnRelayProcess _own = new();

    private RelayProcess Server => _own.Process;

    public Task InitializeAsync() => _own.StartAsync();

    public async Task DisposeAsync() => await _own.DisposeAsync();

    [Theory]
    [InlineData("stopped")]
    [InlineData("killed")]
    public async Task RelayRestarted_MembersResume_AndNothingIsLostOrDoubled(string how)
    {
        var (alice, bob) = await TwoMembersAsync();
        await alice.Room.SendAsync("before 1");
        await bob.Room.SendAsync("before 2");
        await bob.Events.WaitForMessageAsync("before 1");
        await alice.Events.WaitForMessageAsync("before 2");

        if (how == "stopped")
        {
            await Server.StopAsync();
        }
        else
        {
            await Server.KillAsync();
        }

        await alice.Connection.WaitForAsync<ConnectionLost>();
        var typedWhileDown = alice.Room.SendAsync("typed while the relay was down");
        await Server.RestartAsync();

        await typedWhileDown.WaitAsync(RoomEventLog.Patience);
        await bob.Events.WaitForMessageAsync("typed while the relay was down");
        await bob.Room.SendAsync("bob, after the restart");
        await alice.Events.WaitForMessageAsync("bob, after the restart");

        bob.Events.Messages().Select(m => m.Text).Should().Equal("before 1", "typed while the relay was down");
        alice.Events.Messages().Select(m => m.Text).Should().Equal("before 2", "bob, after the restart");
        foreach (var member in new[] { alice, bob })
        {
            var events = member.Events.Snapshot();
            events.OfType<RoomResumed>().Should().NotBeEmpty($"{member.Name} resumed the room");
            events.OfType<MessagesMissed>().Should().BeEmpty();
            events.OfType<MessageRejected>().Should().BeEmpty();
            events.OfType<MemberLeft>().Should().BeEmpty("nobody left: the seats waited for their members");
            member.Connection.Snapshot().OfType<Reconnected>().Should().NotBeEmpty();
        }
    }

    [Fact]
    public async Task RelayFrozen_MembersNoticeByTheirKeepAlive_AndResumeWhenItThaws()
    {
        var (alice, bob) = await TwoMembersAsync();
        await alice.Room.SendAsync("before the freeze");
        await bob.Events.WaitForMessageAsync("before the freeze");

        Server.Freeze();
        await alice.Connection.WaitForAsync<ConnectionLost>();
        await bob.Connection.WaitForAsync<ConnectionLost>();
        var typedWhileFrozen = alice.Room.SendAsync("typed while the relay was frozen");
        Server.Thaw();

        await typedWhileFrozen.WaitAsync(RoomEventLog.Patience);
        await bob.Events.WaitForMessageAsync("typed while the relay was frozen");
        bob.Events.Messages().Select(m => m.Text).Should().Equal("before the freeze", "typed while the relay was frozen");
        bob.Events.Snapshot().OfType<MessagesMissed>().Should().BeEmpty();
        bob.Events.Snapshot().OfType<MessageRejected>().Should().BeEmpty();
    }

    private async Task<(ResilientMember Alice, ResilientMember Bob)> TwoMembersAsync()
    {
        var room = "room-" + Guid.NewGuid().ToString("N")[..8];
        var alice = await RegisterAsync("alice");
        await alice.EnterAsync(alice.Client.CreateRoomAsync(room));
        var bob = await RegisterAsync("bob");
        await bob.EnterAsync(bob.Client.JoinRoomAsync(room));
        await bob.Room.WaitForKeyAsync().WaitAsync(RoomEventLog.Patience);
        await alice.Events.WaitUntilAsync(_ => alice.Room.Epoch == bob.Room.Epoch, "alice on bob's epoch");
        return (alice, bob);
    }

    private async Task<ResilientMember> RegisterAsync(string name) =>
        _own.Add(await ResilientMember.RegisterAsync(name, PyChatClientOptions.Default with { RelayUri = Server.WebSocketUri, CaCertificatePath = Server.CaCertificatePath }));
}
