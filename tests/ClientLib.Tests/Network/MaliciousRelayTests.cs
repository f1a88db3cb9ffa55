using FluentAssertions;
using PyChat.Client;
using PyChat.Client.Cryptography;
using PyChat.Protocol.Frames;
using PyChat.TestSupport.Relays;

namespace PyChat.ClientLib.Tests.Network;

/// <summary>
/// A relay (the scriptable fake) that lies about membership, the hub and the traffic: the client under test
/// (alice, a real <see cref="PyChatClient"/>) tells its application so, with an event for each lie.
/// </summary>
public sealed class MaliciousRelayTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly IdentityKey _alice = IdentityKey.Generate();
    private readonly ScriptedPeer _carol = new("lobby", "carol");

    public void Dispose()
    {
        _alice.Dispose();
        _carol.Dispose();
    }

    [Fact]
    public async Task RoomJoinedNamingAHubOtherThanTheLongestPresentMember_RaisesHubMismatch()
    {
        await using var scenario = new FakeRelayScenario();
        var (client, relay) = await LoggedInAsync(scenario);
        await using var _client = client;
        using var bob = new ScriptedPeer("lobby", "bob");

        var room = await JoinAsync(client, relay, hub: "bob", _carol.Entry, bob.Entry);

        (await NextAsync<HubMismatch>(room)).Should().Match<HubMismatch>(h => h.NamedHub == "bob" && h.ExpectedHub == "carol");
    }

    [Fact]
    public async Task RekeyForAMemberTheRelayShowedOnlyToTheHub_RaisesRosterMismatch()
    {
        await using var scenario = new FakeRelayScenario();
        var (client, relay) = await LoggedInAsync(scenario);
        await using var _client = client;
        using var dave = new ScriptedPeer("lobby", "dave");
        var room = await JoinAsync(client, relay, hub: "carol", _carol.Entry);

        // carol is told about alice and about a dave that alice is never shown; carol rekeys for each.
        _carol.Session.OnMemberJoined(new MemberJoinedFrame("lobby", 2, _aliceEntry!));
        _carol.Session.OnMemberJoined(new MemberJoinedFrame("lobby", 3, dave.Entry));
        foreach (var rekey in _carol.Published)
        {
            await relay.SendAsync(_carol.Deliver(rekey));
        }

        (await NextAsync<RosterMismatch>(room)).Should().Match<RosterMismatch>(
            r => r.Hub == "carol" && r.Epoch == 3 && r.NotSeenHere.SequenceEqual(new[] { "dave" }) && r.NotInRekey.Count == 0);
        room.Epoch.Should().Be(3, "the key is still taken: the event warns, the room goes on");
    }

    [Fact]
    public async Task MessagesTheRelayDropped_RaiseMessagesMissing_WithTheCount()
    {
        await using var scenario = new FakeRelayScenario();
        var (client, relay) = await LoggedInAsync(scenario);
        await using var _client = client;
        var room = await JoinAsync(client, relay, hub: "carol", _carol.Entry);
        _carol.Session.OnMemberJoined(new MemberJoinedFrame("lobby", 2, _aliceEntry!));
        await relay.SendAsync(_carol.Deliver(_carol.Published.Single()));
        var chats = Enumerable.Range(1, 5).Select(i => _carol.Session.EncryptMessage($"m{i}")).ToList();

        await relay.SendAsync(_carol.Deliver(chats[0]));
        await relay.SendAsync(_carol.Deliver(chats[4]));

        (await NextAsync<MessagesMissing>(room)).Should().Match<MessagesMissing>(m => m.Sender == "carol" && m.FirstMissing == 2 && m.Count == 3);
        (await NextAsync<MessageReceived>(room)).Text.Should().Be("m5");
    }

    [Fact]
    public async Task MemberListedWithAnotherKeyThanTheTrustedOne_MakesSendAsyncFail_UntilTheKeyIsTrusted()
    {
        using var carolsOldKey = IdentityKey.Generate();
        var knownPeers = new KnownPeersInMemory();
        knownPeers.Trust("carol", carolsOldKey.PublicKey);
        await using var scenario = new FakeRelayScenario();
        var (client, relay) = await LoggedInAsync(scenario, scenario.Options with { KnownPeers = knownPeers });
        await using var _client = client;
        var room = await JoinAsync(client, relay, hub: "carol", _carol.Entry);
        _carol.Session.OnMemberJoined(new MemberJoinedFrame("lobby", 2, _aliceEntry!));
        await relay.SendAsync(_carol.Deliver(_carol.Published.Single()));
        await room.WaitForKeyAsync();

        (await NextAsync<SendsHeld>(room)).Member.Should().Be("carol");
        (await room.Awaiting(r => r.SendAsync("not yet")).Should().ThrowAsync<PyChatSendsHeldException>())
            .Which.Message.Should().Contain("carol").And.NotContain("not yet", "message text never appears in exceptions");

        // The application trusts the key through its store directly: the next send finds out.
        knownPeers.Trust("carol", _carol.Identity.PublicKey);
        var sending = room.SendAsync("now");
        var publish = Frame.Decode((await relay.ReceiveAsync())!).Should().BeOfType<PublishFrame>().Subject;
        await relay.SendAsync(new PublishedFrame(publish.RequestId, 9).Encode());
        await sending;
        (await NextAsync<SendsResumed>(room)).Room.Should().Be("lobby");
    }

    private RoomMember? _aliceEntry;

    private async Task<ChatRoom> JoinAsync(PyChatClient client, FakeRelayConnection relay, string hub, params RoomMember[] others)
    {
        var joining = client.JoinRoomAsync("lobby");
        var join = (JoinRoomFrame)Frame.Decode((await relay.ReceiveAsync())!);
        _aliceEntry = new RoomMember("alice", _alice.PublicKey.SubjectPublicKeyInfo, join.Announcement.ToArray());
        _carol.Session.OnRoomJoined(new RoomJoinedFrame(1, "lobby", "carol", 1, 1, [_carol.Entry], []), created: true);
        await relay.SendAsync(new RoomJoinedFrame(join.RequestId, "lobby", hub, 1, 2, [.. others, _aliceEntry], []).Encode());
        return await joining;
    }

    private async Task<(PyChatClient, FakeRelayConnection)> LoggedInAsync(FakeRelayScenario scenario, PyChatClientOptions? options = null)
    {
        var (client, relay) = await scenario.ConnectAsync(options: options);
        var login = client.LoginAsync("alice", _alice);
        await relay.SendAsync(new OkFrame(((LoginFrame)Frame.Decode((await relay.ReceiveAsync())!)).RequestId).Encode());
        await login;
        return (client, relay);
    }

    /// <summary>The room's next event of type <typeparamref name="T"/>; the deadline only bounds a hang.</summary>
    private static async Task<T> NextAsync<T>(ChatRoom room)
        where T : RoomEvent
    {
        using var deadline = new CancellationTokenSource(Patience);
        await foreach (var e in room.ReadEventsAsync(deadline.Token))
        {
            if (e is T match)
            {
                return match;
            }
        }

        throw new InvalidOperationException($"the room's events ended without a {typeof(T).Name}");
    }
}
