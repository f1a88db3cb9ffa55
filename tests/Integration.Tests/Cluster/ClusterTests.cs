using FluentAssertions;
using PyChat.Protocol;
using PyChat.Protocol.Frames;
using PyChat.TestSupport;
using PyChat.TestSupport.Servers;

namespace PyChat.Integration.Tests.Cluster;

/// <summary>
/// A room whose members sit on three relay processes (docs/CLUSTER.md): the same behaviour as one node, real Redis,
/// real PostgreSQL, real processes.
/// </summary>
public sealed class ClusterTests(PostgreSqlFixture postgres) : IClassFixture<PostgreSqlFixture>, IAsyncLifetime
{
    private readonly List<IDisposable> _identities = [];
    private readonly List<RelayTestClient> _clients = [];
    private ThreeNodes _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await ThreeNodes.StartAsync(await postgres.Server.CreateDatabaseAsync());
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        await _cluster.DisposeAsync();
        _identities.ForEach(i => i.Dispose());
    }

    [Fact]
    public async Task ARoomOfTen_SpreadOverThreeNodes_GivesEveryMemberEveryMessageOnce_InOneOrder()
    {
        var members = new List<RelayTestClient>();
        for (var i = 0; i < 10; i++)
        {
            var member = await RegisteredAsync($"user{i}", node: i % 3);
            var answer = i == 0 ? await member.CreateRoomAsync("porch") : await member.JoinRoomAsync("porch");
            answer.Should().BeOfType<RoomJoinedFrame>().Which.Offset.Should().Be((ulong)i + 1, "joins take the room's offsets in order, whichever node they came through");
            members.Add(member);
        }

        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 10; i++)
            {
                await members[i].PublishAsync("porch", [(byte)i, (byte)round]);
            }
        }

        var seen = await Task.WhenAll(members.Select((member, i) => ReadRoomAsync(member, until: 40, mine: i)));

        foreach (var offsets in seen)
        {
            offsets.Should().Equal(Enumerable.Range(1, 40).Select(o => (ulong)o), "every member sees every offset once, in order");
        }
    }

    [Fact]
    public async Task AUser_LoggingInOnAnotherNode_ClosesTheOlderSession_AndTakesItsSeat()
    {
        using var alice = Identity("alice");
        await using var first = await _cluster.ConnectAsync(1);
        (await first.RegisterAsync(alice)).Should().BeOfType<OkFrame>();
        var created = (RoomJoinedFrame)await first.CreateRoomAsync("porch");

        await using var second = await _cluster.ConnectAsync(2);
        (await second.LoginAsync(alice)).Should().BeOfType<OkFrame>();

        (await first.ReceiveCloseAsync()).Should().Be(CloseCode.SessionReplaced);
        var id = second.NextRequestId();
        var resumed = await second.RequestAsync(new ResumeRoomFrame(id, "porch", created.LogEpoch, created.Offset), id);
        resumed.Should().BeOfType<RoomResumedFrame>("the older session's seat was left away before the newer one was answered");
    }

    [Fact]
    public async Task TheLeadersNodeKilled_MidConversation_EveryMemberResumesOnAnotherNode_WithNothingLost()
    {
        var names = Enumerable.Range(0, 6).Select(i => $"member{i}").ToArray();
        var identities = names.Select(Identity).ToArray();
        var members = new RelayTestClient[6];
        ulong logEpoch = 0;
        for (var i = 0; i < 6; i++)
        {
            members[i] = await _cluster.ConnectAsync(i % 3);
            _clients.Add(members[i]);
            (await members[i].RegisterAsync(identities[i])).Should().BeOfType<OkFrame>();
            var joined = (RoomJoinedFrame)(i == 0 ? await members[i].CreateRoomAsync("porch") : await members[i].JoinRoomAsync("porch"));
            logEpoch = joined.LogEpoch;
        }

        for (var i = 0; i < 6; i++)
        {
            await members[i].PublishAsync("porch", [(byte)i, 0]);
        }

        var before = await Task.WhenAll(members.Select((member, i) => ReadRoomAsync(member, until: 12, mine: i)));
        before.Should().AllSatisfy(offsets => offsets.Should().Equal(Enumerable.Range(1, 12).Select(o => (ulong)o)));

        await _cluster.Nodes[0].KillAsync();
        var closes = await Task.WhenAll(members.Select(CloseCodeAsync));

        closes.Where((_, i) => i % 3 != 0).Should().OnlyContain(code => code == CloseCode.ServiceRestart, "the nodes that lived send their clients back to resume");
        var back = new RelayTestClient[6];
        for (var i = 0; i < 6; i++)
        {
            back[i] = await _cluster.ConnectAsync(1 + (i % 2));
            _clients.Add(back[i]);
            (await back[i].LoginAsync(identities[i])).Should().BeOfType<OkFrame>();
            var id = back[i].NextRequestId();
            (await back[i].RequestAsync(new ResumeRoomFrame(id, "porch", logEpoch, 12), id)).Should().BeOfType<RoomResumedFrame>($"{names[i]} resumes with the room log in Redis, whichever node serves it now");
        }

        for (var i = 0; i < 6; i++)
        {
            await back[i].PublishAsync("porch", [(byte)i, 1]);
        }

        var after = await Task.WhenAll(back.Select((member, i) => ReadMessagesAsync(member, count: 6, mine: i)));
        after.Should().AllSatisfy(offsets => offsets.Should().Equal(after[0], "every member gets every new message, in one order"));
    }

    [Fact]
    public async Task AnEdgeNodeKilled_ItsMembersAreAway_ThenResumeOnAnotherNode_AndTheOthersNeverSeeThemLeave()
    {
        var identities = Enumerable.Range(0, 3).Select(i => Identity($"member{i}")).ToArray();
        var members = new RelayTestClient[3];
        ulong logEpoch = 0;
        for (var i = 0; i < 3; i++)
        {
            members[i] = await _cluster.ConnectAsync(i); // member1 on the edge node 1, member2 on the edge node 2
            _clients.Add(members[i]);
            (await members[i].RegisterAsync(identities[i])).Should().BeOfType<OkFrame>();
            logEpoch = ((RoomJoinedFrame)(i == 0 ? await members[i].CreateRoomAsync("porch") : await members[i].JoinRoomAsync("porch"))).LogEpoch;
        }

        await members[0].PublishAsync("porch", [0, 0]);
        (await Task.WhenAll(members.Select((m, i) => ReadRoomAsync(m, until: 4, mine: i)))).Should().AllSatisfy(o => o.Should().HaveCount(4));

        await _cluster.Nodes[1].KillAsync();

        var away = await members[0].ReceiveAsync<MemberAwayFrame>();
        away.Member.Should().Be("member1", "the leader saw node 1's liveness run out");
        (await members[2].ReceiveAsync<MemberAwayFrame>()).Should().Be(away);
        await members[0].PublishAsync("porch", [0, 1]);
        var back = await _cluster.ConnectAsync(2);
        _clients.Add(back);
        (await back.LoginAsync(identities[1])).Should().BeOfType<OkFrame>();
        var id = back.NextRequestId();
        (await back.RequestAsync(new ResumeRoomFrame(id, "porch", logEpoch, 4), id)).Should().BeOfType<RoomResumedFrame>();
        (await back.ReceiveAsync()).Should().Be(away, "what member1 missed comes from the log, in order");
        (await back.ReceiveAsync<DeliverFrame>()).Payload.ToArray().Should().Equal(0, 1);
        (await members[2].ReceiveAsync<DeliverFrame>()).Payload.ToArray().Should().Equal(0, 1);
        (await members[2].ReceiveAsync<MemberBackFrame>()).Member.Should().Be("member1");
    }

    [Fact]
    public async Task AnEdgeNode_RestartedAtOnce_ServesItsNewClientsAsThemselves_AndItsOldClientsAreAway()
    {
        using var aliceIdentity = Identity("alice");
        using var bobIdentity = Identity("bob");
        var hub = await RegisteredAsync("hub", node: 0);
        await hub.CreateRoomAsync("porch");
        await using (var alice = await _cluster.ConnectAsync(1))
        {
            (await alice.RegisterAsync(aliceIdentity)).Should().BeOfType<OkFrame>();
            (await alice.JoinRoomAsync("porch")).Should().BeOfType<RoomJoinedFrame>();
            (await hub.ReceiveAsync<MemberJoinedFrame>()).Member.Name.Should().Be("alice");
            await _cluster.Nodes[1].KillAsync();
        }

        await _cluster.Nodes[1].RestartAsync(); // the same folder, so the same node id, long before its lease runs out
        await using var bob = await _cluster.ConnectAsync(1);
        (await bob.RegisterAsync(bobIdentity)).Should().BeOfType<OkFrame>();

        var joined = (await bob.JoinRoomAsync("porch")).Should().BeOfType<RoomJoinedFrame>().Subject;
        joined.Members.Select(m => m.Name).Should().Equal("hub", "alice", "bob");
        joined.Away.Should().Equal(["alice"], "the restarted node's predecessor is gone, and its clients with it");
        (await hub.ReceiveAsync<MemberAwayFrame>()).Member.Should().Be("alice");
        (await hub.ReceiveAsync<MemberJoinedFrame>()).Member.Name.Should().Be("bob", "bob is served as bob, not as the client his connection's number had before");
    }

    /// <summary>Reads the room's frames until offset <paramref name="until"/>: each Deliver of another, and the ack of each of one's own.</summary>
    private static async Task<List<ulong>> ReadRoomAsync(RelayTestClient member, ulong until, int mine)
    {
        var offsets = new List<ulong>();
        while (offsets.Count == 0 || offsets[^1] < until)
        {
            var frame = await member.ReceiveAsync();
            switch (frame)
            {
                case DeliverFrame deliver:
                    deliver.Payload.Span[0].Should().NotBe((byte)mine, "a sender is not sent its own message");
                    offsets.Add(deliver.Offset);
                    break;
                case PublishedFrame published:
                    offsets.Add(published.Offset);
                    break;
                case MemberJoinedFrame joined:
                    offsets.Add(joined.Offset);
                    break;
                default:
                    throw new InvalidOperationException($"unexpected {frame.GetType().Name}");
            }
        }

        // Joins before this member's own are not sent to it: its RoomJoined had them.
        return [.. Enumerable.Range(1, (int)offsets[0] - 1).Select(o => (ulong)o), .. offsets];
    }

    /// <summary>The offsets of the next <paramref name="count"/> messages (others' Delivers and one's own acks), skipping aways and backs.</summary>
    private static async Task<List<ulong>> ReadMessagesAsync(RelayTestClient member, int count, int mine)
    {
        var offsets = new List<ulong>();
        while (offsets.Count < count)
        {
            switch (await member.ReceiveAsync())
            {
                case DeliverFrame deliver:
                    deliver.Payload.Span[0].Should().NotBe((byte)mine);
                    offsets.Add(deliver.Offset);
                    break;
                case PublishedFrame published:
                    offsets.Add(published.Offset);
                    break;
                case MemberAwayFrame or MemberBackFrame:
                    break;
                case var other:
                    throw new InvalidOperationException($"unexpected {other}");
            }
        }

        return offsets;
    }

    /// <summary>How the relay closed the connection; null when it just went away (its process was killed).</summary>
    private static async Task<int?> CloseCodeAsync(RelayTestClient client)
    {
        try
        {
            return await client.ReceiveCloseAsync();
        }
        catch (System.Net.WebSockets.WebSocketException)
        {
            return null;
        }
    }

    private async Task<RelayTestClient> RegisteredAsync(string name, int node)
    {
        var client = await _cluster.ConnectAsync(node);
        _clients.Add(client);
        (await client.RegisterAsync(Identity(name))).Should().BeOfType<OkFrame>();
        return client;
    }

    private TestIdentity Identity(string name)
    {
        var identity = new TestIdentity(name);
        _identities.Add(identity);
        return identity;
    }
}
