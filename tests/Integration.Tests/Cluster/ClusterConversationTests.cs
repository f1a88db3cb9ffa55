using FluentAssertions;
using PyChat.Client;
using PyChat.Client.Cryptography;
using PyChat.Integration.Tests.Support;
using PyChat.TestSupport.Servers;

namespace PyChat.Integration.Tests.Cluster;

/// <summary>
/// Members using the client library, each pointed at a different node of a three-node cluster with the others as
/// fallbacks: the leader's node (the key hub's too) is killed mid-conversation, and the conversation goes on with
/// nothing lost, nothing doubled and nothing undecryptable.
/// </summary>
public sealed class ClusterConversationTests(PostgreSqlFixture postgres) : IClassFixture<PostgreSqlFixture>, IAsyncLifetime
{
    private readonly List<ResilientMember> _members = [];
    private ThreeNodes _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await ThreeNodes.StartAsync(await postgres.Server.CreateDatabaseAsync());
    }

    public async Task DisposeAsync()
    {
        foreach (var member in _members)
        {
            await member.DisposeAsync();
        }

        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task TheHubsNode_TheLeader_Killed_MembersReconnectToOtherNodes_AndNothingIsLostOrUndecryptable()
    {
        var room = "porch";
        var alice = await RegisterAsync("alice", node: 0);
        await alice.EnterAsync(alice.Client.CreateRoomAsync(room));
        var bob = await RegisterAsync("bob", node: 1);
        await bob.EnterAsync(bob.Client.JoinRoomAsync(room));
        var carol = await RegisterAsync("carol", node: 2);
        await carol.EnterAsync(carol.Client.JoinRoomAsync(room));
        await carol.Room.WaitForKeyAsync().WaitAsync(RoomEventLog.Patience);
        await alice.Events.WaitUntilAsync(_ => alice.Room.Epoch == carol.Room.Epoch && bob.Room.Epoch == carol.Room.Epoch, "everyone on one epoch");
        await alice.Room.SendAsync("before, from alice");
        await bob.Room.SendAsync("before, from bob");
        await carol.Events.WaitForMessageAsync("before, from alice");
        await carol.Events.WaitForMessageAsync("before, from bob");

        await _cluster.Nodes[0].KillAsync();
        var typedWhileDown = alice.Room.SendAsync("typed while alice's node was gone");

        await typedWhileDown.WaitAsync(RoomEventLog.Patience);
        await bob.Events.WaitForMessageAsync("typed while alice's node was gone");
        await carol.Events.WaitForMessageAsync("typed while alice's node was gone");
        await carol.Room.SendAsync("carol, after");
        await alice.Events.WaitForMessageAsync("carol, after");
        await bob.Events.WaitForMessageAsync("carol, after");

        alice.Events.Messages().Select(m => m.Text).Should().Equal("before, from bob", "carol, after");
        bob.Events.Messages().Select(m => m.Text).Should().Equal("before, from alice", "typed while alice's node was gone", "carol, after");
        carol.Events.Messages().Select(m => m.Text).Should().Equal("before, from alice", "before, from bob", "typed while alice's node was gone");
        foreach (var member in new[] { alice, bob, carol })
        {
            var events = member.Events.Snapshot();
            events.OfType<MessagesMissed>().Should().BeEmpty($"{member.Name} missed nothing");
            events.OfType<MessageRejected>().Should().BeEmpty($"{member.Name} could open and verify everything");
            events.OfType<MemberLeft>().Should().BeEmpty("nobody left: the seats waited for their members");
            member.Connection.Snapshot().OfType<Reconnected>().Should().NotBeEmpty($"{member.Name} came back on a node that lived");
        }
    }

    private async Task<ResilientMember> RegisterAsync(string name, int node)
    {
        var nodes = _cluster.Nodes;
        var member = await ResilientMember.RegisterAsync(name, PyChatClientOptions.Default with
        {
            RelayUri = nodes[node].WebSocketUri,
            FallbackRelayUris = [nodes[(node + 1) % 3].WebSocketUri, nodes[(node + 2) % 3].WebSocketUri],
            CaCertificatePath = _cluster.CaCertificatePath,
        });
        _members.Add(member);
        return member;
    }
}
