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

    [Fact]
    public async Task TheHubsNodeKilled_WhileAJoinerWaitsForItsKey_TheNewHubOnAnotherNodeKeysTheJoiner()
    {
        var room = "failover";
        await using var hub = await (await Member.RegisterAsync("hub", On(1))).CreateAsync(room);
        await using var second = await (await Member.RegisterAsync("second", On(2))).JoinAsync(room);
        await second.Room.WaitForKeyAsync().WaitAsync(RoomEventLog.Patience);
        await using var joiner = await Member.RegisterAsync("joiner", On(0));

        // Hold the hub just before it learns of the joiner, so it never sends the joiner a key; then its node dies.
        hub.Tap.HoldOn(frame => frame is Protocol.Frames.MemberJoinedFrame joined && joined.Member.Name == joiner.Name);
        await joiner.JoinAsync(room);
        joiner.Room.HasKey.Should().BeFalse();
        await _cluster.Nodes[1].KillAsync();
        hub.Tap.Release();

        await joiner.Room.WaitForKeyAsync().WaitAsync(RoomEventLog.Patience);
        joiner.Room.Hub.Should().Be(second.Name, "the leader saw the hub's node die and made the next member hub");
        await second.Room.SendAsync("keyed by the new hub");
        await joiner.Events.WaitForMessageAsync("keyed by the new hub");
        await joiner.Room.SendAsync("and I can talk");
        await second.Events.WaitForMessageAsync("and I can talk");
    }

    [Fact]
    public async Task Redis_StoppedForTenSeconds_NodesAreNotReadyMeanwhile_ThenReady_AndTheConversationGoesOn()
    {
        // A lease that outlasts the outage: the leader keeps its lease through it, and no edge can take it meanwhile.
        await _cluster.DisposeAsync();
        _cluster = await ThreeNodes.StartAsync(await postgres.Server.CreateDatabaseAsync(), lease: "00:00:30");
        var alice = await RegisterAsync("alice", node: 0);
        await alice.EnterAsync(alice.Client.CreateRoomAsync("porch"));
        var bob = await RegisterAsync("bob", node: 1);
        await bob.EnterAsync(bob.Client.JoinRoomAsync("porch"));
        await bob.Room.WaitForKeyAsync().WaitAsync(RoomEventLog.Patience);
        await alice.Events.WaitUntilAsync(_ => alice.Room.Epoch == bob.Room.Epoch, "alice on bob's epoch");
        await alice.Room.SendAsync("before the outage");
        await bob.Events.WaitForMessageAsync("before the outage");
        using var http = new RelayHttp(_cluster.CaCertificatePath);

        await _cluster.Redis.StopAsync();
        var outage = Task.Delay(TimeSpan.FromSeconds(10)); // the outage's length, not a wait for anything
        var notReady = await Task.WhenAll(_cluster.Nodes.Select(n => http.GetAsync(RelayHttp.At(n.WebSocketUri, "/readyz"))));
        await outage;
        await _cluster.Redis.StartAgainAsync();

        notReady.Should().OnlyContain(r => r.Status == 503 && r.Body.Contains("room log"));
        foreach (var node in _cluster.Nodes)
        {
            await ReadyAsync(http, node.WebSocketUri);
        }

        await alice.Room.SendAsync("after the outage").WaitAsync(RoomEventLog.Patience);
        await bob.Events.WaitForMessageAsync("after the outage");
        await bob.Room.SendAsync("bob, after").WaitAsync(RoomEventLog.Patience);
        await alice.Events.WaitForMessageAsync("bob, after");
        bob.Events.Messages().Select(m => m.Text).Should().Equal("before the outage", "after the outage");
        foreach (var member in new[] { alice, bob })
        {
            member.Events.Snapshot().OfType<MessagesMissed>().Should().BeEmpty();
            member.Events.Snapshot().OfType<MessageRejected>().Should().BeEmpty();
        }
    }

    /// <summary>Waits until the node answers <c>/readyz</c> with 200; the bound only guards against a hang.</summary>
    private static async Task ReadyAsync(RelayHttp http, Uri node)
    {
        using var patience = new CancellationTokenSource(RoomEventLog.Patience);
        while ((await http.GetAsync(RelayHttp.At(node, "/readyz"))).Status != 200)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250), patience.Token);
        }
    }

    /// <summary>Options for a client of node <paramref name="node"/> only.</summary>
    private PyChatClientOptions On(int node) => PyChatClientOptions.Default with
    {
        RelayUri = _cluster.Nodes[node].WebSocketUri,
        CaCertificatePath = _cluster.CaCertificatePath,
        ConnectTimeout = TimeSpan.FromSeconds(30),
        RequestTimeout = TimeSpan.FromSeconds(30),
    };

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
