using System.Collections.Concurrent;
using System.Security.Cryptography;
using FluentAssertions;
using Microsoft.Extensions.Time.Testing;
using PyChat.Client;
using PyChat.Client.Cryptography;
using PyChat.Client.Internal;
using PyChat.Protocol;
using PyChat.Protocol.Frames;
using PyChat.TestSupport.Relays;

namespace PyChat.ClientLib.Tests.Network;

/// <summary>
/// The client (alice, a real <see cref="PyChatClient"/>) loses its connection to the fake relay and comes back by
/// itself: back-off, login again, ResumeRoom, replay, exactly-once sends. The deadlines only bound a hang.
/// </summary>
public sealed class ReconnectTests : IDisposable
{
    private const ulong LogEpoch = 0x8877665544332211;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly IdentityKey _alice = IdentityKey.Generate();
    private readonly ScriptedPeer _carol = new("lobby", "carol");
    private RoomMember? _aliceEntry;

    public void Dispose()
    {
        _alice.Dispose();
        _carol.Dispose();
    }

    [Fact]
    public async Task Drop_ReconnectsWithBackOff_LogsInAgain_AndResumesTheRoomAtItsEpochAndOffset_WithTheReplayReachingTheRoom()
    {
        await using var scenario = new FakeRelayScenario();
        var (client, relay) = await LoggedInAsync(scenario, Fast(scenario));
        await using var _client = client;
        var room = await JoinKeyedAsync(client, relay);
        await relay.SendAsync(new DeliverFrame("lobby", 4, "carol", _carol.Session.EncryptMessage("before")).Encode());
        (await NextAsync<MessageReceived>(room)).Text.Should().Be("before");
        await using var events = client.ReadConnectionEventsAsync().GetAsyncEnumerator();

        relay.Dispose(); // the TCP connection drops, no close handshake

        (await NextAsync(events)).Should().BeOfType<ConnectionLost>();
        client.ConnectionState.Should().Be(ConnectionState.Reconnecting);
        var reconnecting = (await NextAsync(events)).Should().BeOfType<Reconnecting>().Subject;
        reconnecting.Attempt.Should().Be(1);
        reconnecting.Delay.Should().BePositive().And.BeLessThanOrEqualTo(TimeSpan.FromMilliseconds(200));
        var (again, _) = await AcceptLoggedInAsync(scenario);
        (await NextAsync(events)).Should().BeOfType<Reconnected>();
        client.ConnectionState.Should().Be(ConnectionState.Connected);

        var resume = (ResumeRoomFrame)Frame.Decode((await again.ReceiveAsync())!);
        resume.Should().Match<ResumeRoomFrame>(r => r.Room == "lobby" && r.LogEpoch == LogEpoch && r.Offset == 4);
        await again.SendAsync(new DeliverFrame("lobby", 5, "carol", _carol.Session.EncryptMessage("while away")).Encode());
        await again.SendAsync(new RoomResumedFrame(resume.RequestId, "lobby", "carol", 5).Encode());

        (await NextAsync<MessageReceived>(room)).Text.Should().Be("while away");
        (await NextAsync<RoomResumed>(room)).CaughtUp.Should().Be(1);
        room.Members.Select(m => m.Name).Should().Equal("carol", "alice");
    }

    [Fact]
    public async Task Reconnect_WaitsItsBackOffOnTheOptionsClock_AndBacksOffAgainAfterAFailedAttempt()
    {
        await using var scenario = new FakeRelayScenario();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = scenario.Options with
        {
            TimeProvider = time,
            ReconnectDelay = TimeSpan.FromSeconds(1),
            ReconnectMaxDelay = TimeSpan.FromSeconds(30),
            ConnectTimeout = TimeSpan.FromHours(1),
            RequestTimeout = TimeSpan.FromHours(1),
        };
        var (client, relay) = await LoggedInAsync(scenario, options);
        await using var events = client.ReadConnectionEventsAsync().GetAsyncEnumerator();

        relay.Dispose();

        (await NextAsync(events)).Should().BeOfType<ConnectionLost>();
        var first = (await NextAsync(events)).Should().BeOfType<Reconnecting>().Subject;
        first.Attempt.Should().Be(1);
        first.Delay.Should().BePositive().And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(30));
        scenario.Relay.Attempts.Should().Be(1, "nothing is dialled before the back-off has passed on the options' clock");

        var failing = await AdvanceUntilAcceptedAsync(scenario, time, first.Delay);
        failing.Dispose(); // this attempt fails before Hello

        var second = (await NextAsync(events)).Should().BeOfType<Reconnecting>().Subject;
        second.Attempt.Should().Be(2);
        second.Delay.Should().BePositive().And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(30));
        scenario.Relay.Attempts.Should().Be(2);
        var connection = await AdvanceUntilAcceptedAsync(scenario, time, second.Delay);
        await AnswerLoginAsync(scenario, connection);
        (await NextAsync(events)).Should().BeOfType<Reconnected>();

        connection.Dispose(); // the clock is fake: let the disposal's close handshake end at once
        await client.DisposeAsync();
    }

    [Fact]
    public async Task OwnReplayedDeliver_CompletesItsSend_AndOnlyTheUnorderedSendGoesOutAgain_OnceAndInOrder()
    {
        await using var scenario = new FakeRelayScenario();
        var (client, relay) = await LoggedInAsync(scenario, Fast(scenario));
        await using var _client = client;
        var room = await JoinKeyedAsync(client, relay);
        var ordered = room.SendAsync("ordered before the drop");
        var first = (PublishFrame)Frame.Decode((await relay.ReceiveAsync())!);
        var lost = room.SendAsync("lost with the connection");
        var second = (PublishFrame)Frame.Decode((await relay.ReceiveAsync())!);

        await relay.CloseAsync(CloseCode.ServiceRestart, "restarting"); // 1012: reconnect and resume

        var (again, _) = await AcceptLoggedInAsync(scenario);
        var resume = (ResumeRoomFrame)Frame.Decode((await again.ReceiveAsync())!);
        resume.Offset.Should().Be(3);
        await again.SendAsync(new DeliverFrame("lobby", 4, "alice", first.Payload).Encode());
        await again.SendAsync(new RoomResumedFrame(resume.RequestId, "lobby", "carol", 4).Encode());

        await ordered.WaitAsync(Patience);
        var resent = (PublishFrame)Frame.Decode((await again.ReceiveAsync())!);
        resent.Payload.ToArray().Should().Equal(second.Payload.ToArray(), "the unordered message goes out again, byte for byte");
        lost.IsCompleted.Should().BeFalse();
        await again.SendAsync(new PublishedFrame(resent.RequestId, 5).Encode());
        await lost.WaitAsync(Patience);

        var next = room.SendAsync("after the resume");
        var third = (PublishFrame)Frame.Decode((await again.ReceiveAsync())!);
        third.Payload.ToArray().Should().NotEqual(first.Payload.ToArray(), "the ordered message is never sent twice");
        third.Payload.ToArray().Should().NotEqual(second.Payload.ToArray());
        await again.SendAsync(new PublishedFrame(third.RequestId, 6).Encode());
        await next.WaitAsync(Patience);
        (await NextAsync<RoomResumed>(room)).CaughtUp.Should().Be(1);
    }

    [Fact]
    public async Task Send_WhileDisconnected_WaitsInTheOutbox_AndGoesOutOnlyAfterRoomResumed()
    {
        await using var scenario = new FakeRelayScenario();
        var tap = new OrderTap();
        var (client, relay) = await LoggedInAsync(scenario, Fast(scenario) with { FrameTap = tap });
        await using var _client = client;
        var room = await JoinKeyedAsync(client, relay);
        await using var events = client.ReadConnectionEventsAsync().GetAsyncEnumerator();
        relay.Dispose();
        (await NextAsync(events)).Should().BeOfType<ConnectionLost>();

        var sending = room.SendAsync("typed while offline");

        var (again, _) = await AcceptLoggedInAsync(scenario);
        var resume = (ResumeRoomFrame)Frame.Decode((await again.ReceiveAsync())!);
        sending.IsCompleted.Should().BeFalse();
        await again.SendAsync(new RoomResumedFrame(resume.RequestId, "lobby", "carol", 3).Encode());
        var publish = (PublishFrame)Frame.Decode((await again.ReceiveAsync())!);
        await again.SendAsync(new PublishedFrame(publish.RequestId, 4).Encode());
        await sending.WaitAsync(Patience);

        var order = tap.Log.ToList();
        order.IndexOf("received RoomResumed").Should().BeLessThan(order.LastIndexOf("sending Publish"), "the waiting send leaves after the room resumed");
        order.Count(e => e == "sending Publish").Should().Be(1);
    }

    [Fact]
    public async Task ResumeGap_JoinsAgainWithAFreshMemberKey_RaisesMessagesMissed_AndSendsThePendingTextUnderTheNewKey()
    {
        await using var scenario = new FakeRelayScenario();
        var (client, relay) = await LoggedInAsync(scenario, Fast(scenario));
        await using var _client = client;
        var room = await JoinKeyedAsync(client, relay);
        var sending = room.SendAsync("hello again");
        var before = (PublishFrame)Frame.Decode((await relay.ReceiveAsync())!);
        relay.Dispose();

        var (again, _) = await AcceptLoggedInAsync(scenario);
        var resume = (ResumeRoomFrame)Frame.Decode((await again.ReceiveAsync())!);
        await again.SendAsync(new ErrorFrame(resume.RequestId, ErrorCode.ResumeGap, "the log does not reach back").Encode());

        var join = (JoinRoomFrame)Frame.Decode((await again.ReceiveAsync())!);
        join.Room.Should().Be("lobby");
        join.Announcement.ToArray().Should().NotEqual(_aliceEntry!.Announcement.ToArray(), "a new stay has a fresh member key");
        (await NextAsync<MessagesMissed>(room)).Reason.Should().Contain("ResumeGap");
        var rejoined = new RoomMember("alice", _alice.PublicKey.SubjectPublicKeyInfo, join.Announcement.ToArray());
        _carol.Session.OnMemberLeft(new MemberLeftFrame("lobby", 4, "alice", "carol"));
        _carol.Session.OnMemberJoined(new MemberJoinedFrame("lobby", 5, rejoined));
        await again.SendAsync(new RoomJoinedFrame(join.RequestId, "lobby", "carol", LogEpoch, 5, [_carol.Entry, rejoined], []).Encode());
        await again.SendAsync(_carol.DeliverAt(6, _carol.Published[^1]));

        var after = (PublishFrame)Frame.Decode((await again.ReceiveAsync())!);
        after.Payload.ToArray().Should().NotEqual(before.Payload.ToArray(), "the text is encrypted again under the new stay's key");
        _carol.Session.OnDeliver(new DeliverFrame("lobby", 7, "alice", after.Payload));
        _carol.Events.OfType<MessageReceived>().Should().ContainSingle().Which.Text.Should().Be("hello again");
        await again.SendAsync(new PublishedFrame(after.RequestId, 7).Encode());
        await sending.WaitAsync(Patience);
        room.Members.Select(m => m.Name).Should().Equal("carol", "alice");
    }

    [Fact]
    public async Task UnknownRoom_OnResume_RaisesMessagesMissed_EndsTheRoom_AndFailsItsPendingSend()
    {
        await using var scenario = new FakeRelayScenario();
        var (client, relay) = await LoggedInAsync(scenario, Fast(scenario));
        await using var _client = client;
        var room = await JoinKeyedAsync(client, relay);
        var sending = room.SendAsync("into the void");
        await relay.ReceiveAsync();
        relay.Dispose();

        var (again, _) = await AcceptLoggedInAsync(scenario);
        var resume = (ResumeRoomFrame)Frame.Decode((await again.ReceiveAsync())!);
        await again.SendAsync(new ErrorFrame(resume.RequestId, ErrorCode.UnknownRoom, "no such room").Encode());

        (await NextAsync<MessagesMissed>(room)).Reason.Should().Contain("UnknownRoom");
        (await sending.Awaiting(t => t.WaitAsync(Patience)).Should().ThrowAsync<PyChatRelayException>()).Which.Code.Should().Be(ErrorCode.UnknownRoom);
        await room.Awaiting(r => r.SendAsync("later")).Should().ThrowAsync<PyChatRelayException>();
    }

    [Fact]
    public async Task SessionReplaced_IsNeverRetried_AndClosesTheClientWithTheReason()
    {
        await using var scenario = new FakeRelayScenario();
        var (client, relay) = await LoggedInAsync(scenario, Fast(scenario));
        await using var _client = client;
        await using var events = client.ReadConnectionEventsAsync().GetAsyncEnumerator();

        await relay.CloseAsync(CloseCode.SessionReplaced, "replaced by a newer login");

        (await NextAsync(events)).Should().BeOfType<ConnectionClosed>().Which.Reason.Should().Contain("4002");
        (await events.MoveNextAsync().AsTask().WaitAsync(Patience)).Should().BeFalse("ConnectionClosed is the last event");
        client.ConnectionState.Should().Be(ConnectionState.Closed);
        scenario.Relay.Attempts.Should().Be(1, "retrying would fight the newer login");
        await client.Awaiting(c => c.ListRoomsAsync()).Should().ThrowAsync<PyChatConnectionException>();
    }

    [Fact]
    public async Task CertificateFailureOnReconnect_IsNeverRetried_AndClosesTheClient()
    {
        await using var scenario = new FakeRelayScenario();
        using var otherCa = new TestCertificateAuthority("Someone Else's CA");
        var (client, relay) = await LoggedInAsync(scenario, Fast(scenario));
        await using var _client = client;
        await using var events = client.ReadConnectionEventsAsync().GetAsyncEnumerator();
        scenario.Relay.Certificate = otherCa.IssueServer(["127.0.0.1", "localhost"]);

        relay.Dispose();

        (await NextAsync(events)).Should().BeOfType<ConnectionLost>();
        (await NextAsync(events)).Should().BeOfType<Reconnecting>().Which.Attempt.Should().Be(1);
        (await NextAsync(events)).Should().BeOfType<ConnectionClosed>().Which.Reason.Should().Contain("not trusted");
        client.ConnectionState.Should().Be(ConnectionState.Closed);
        scenario.Relay.Attempts.Should().Be(2, "an untrusted relay is not dialled again");
    }

    [Fact]
    public async Task OutboxFull_FailsTheSendAtOnce_AndAnAcknowledgementMakesRoomAgain()
    {
        await using var scenario = new FakeRelayScenario();
        var (client, relay) = await LoggedInAsync(scenario, Fast(scenario) with { OutboxCapacity = 2 });
        await using var _client = client;
        var room = await JoinKeyedAsync(client, relay);
        var first = room.SendAsync("one");
        var publish = (PublishFrame)Frame.Decode((await relay.ReceiveAsync())!);
        var second = room.SendAsync("two");
        await relay.ReceiveAsync();

        (await room.Awaiting(r => r.SendAsync("three")).Should().ThrowAsync<PyChatOutboxFullException>())
            .Which.Message.Should().Contain("outbox is full").And.NotContain("three");

        await relay.SendAsync(new PublishedFrame(publish.RequestId, 4).Encode());
        await first.WaitAsync(Patience);
        var third = room.SendAsync("three");
        (await relay.ReceiveAsync()).Should().NotBeNull();
        second.IsCompleted.Should().BeFalse();
        third.IsCompleted.Should().BeFalse();
    }

    [Fact]
    public async Task Dispose_DuringReconnect_EndsCleanly_AndFailsWhatWaited()
    {
        await using var scenario = new FakeRelayScenario();
        var options = scenario.Options with { ReconnectDelay = TimeSpan.FromHours(1), ReconnectMaxDelay = TimeSpan.FromHours(1) };
        var (client, relay) = await LoggedInAsync(scenario, options);
        var room = await JoinKeyedAsync(client, relay);
        var sending = room.SendAsync("never acknowledged");
        await relay.ReceiveAsync();
        await using var events = client.ReadConnectionEventsAsync().GetAsyncEnumerator();
        relay.Dispose();
        (await NextAsync(events)).Should().BeOfType<ConnectionLost>();
        (await NextAsync(events)).Should().BeOfType<Reconnecting>();

        await client.DisposeAsync().AsTask().WaitAsync(Patience);

        (await NextAsync(events)).Should().BeOfType<ConnectionClosed>().Which.Reason.Should().Contain("disposed");
        client.ConnectionState.Should().Be(ConnectionState.Closed);
        await sending.Awaiting(t => t.WaitAsync(Patience)).Should().ThrowAsync<PyChatConnectionException>();
        await ReadAllAsync(room).Awaiting(t => t.WaitAsync(Patience)).Should().ThrowAsync<PyChatConnectionException>();
        scenario.Relay.Attempts.Should().Be(1);
    }

    private static PyChatClientOptions Fast(FakeRelayScenario scenario) => scenario.Options with
    {
        ReconnectDelay = TimeSpan.FromMilliseconds(20),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
    };

    private async Task<(PyChatClient, FakeRelayConnection)> LoggedInAsync(FakeRelayScenario scenario, PyChatClientOptions options)
    {
        var (client, relay) = await scenario.ConnectAsync(options: options);
        var login = client.LoginAsync("alice", _alice);
        await relay.SendAsync(new OkFrame(((LoginFrame)Frame.Decode((await relay.ReceiveAsync())!)).RequestId).Encode());
        await login;
        return (client, relay);
    }

    /// <summary>The reconnect's connection: Hello with a fresh challenge, then the login signed over it, answered Ok.</summary>
    private async Task<(FakeRelayConnection, LoginFrame)> AcceptLoggedInAsync(FakeRelayScenario scenario)
    {
        var connection = await scenario.Relay.AcceptAsync();
        return (connection, await AnswerLoginAsync(scenario, connection));
    }

    private async Task<LoginFrame> AnswerLoginAsync(FakeRelayScenario scenario, FakeRelayConnection connection)
    {
        var challenge = RandomNumberGenerator.GetBytes(32);
        await connection.SendAsync(FakeRelayScenario.Hello(scenario.RelayId, challenge));
        var login = (LoginFrame)Frame.Decode((await connection.ReceiveAsync())!);
        login.User.Should().Be("alice");
        _alice.PublicKey.Verify(AuthTranscript.Login(scenario.RelayId, challenge, "alice"), login.Signature.Span)
            .Should().BeTrue("the reconnect logs in again with the identity key, over the new connection's challenge");
        await connection.SendAsync(new OkFrame(login.RequestId).Encode());
        return login;
    }

    /// <summary>alice joins lobby (RoomJoined at offset 2), where carol is hub; carol's Rekey (offset 3) keys her.</summary>
    private async Task<ChatRoom> JoinKeyedAsync(PyChatClient client, FakeRelayConnection relay)
    {
        var joining = client.JoinRoomAsync("lobby");
        var join = (JoinRoomFrame)Frame.Decode((await relay.ReceiveAsync())!);
        _aliceEntry = new RoomMember("alice", _alice.PublicKey.SubjectPublicKeyInfo, join.Announcement.ToArray());
        _carol.Session.OnRoomJoined(new RoomJoinedFrame(1, "lobby", "carol", LogEpoch, 1, [_carol.Entry], []), created: true);
        await relay.SendAsync(new RoomJoinedFrame(join.RequestId, "lobby", "carol", LogEpoch, 2, [_carol.Entry, _aliceEntry], []).Encode());
        var room = await joining;
        _carol.Session.OnMemberJoined(new MemberJoinedFrame("lobby", 2, _aliceEntry));
        await relay.SendAsync(_carol.DeliverAt(3, _carol.Published[^1]));
        await room.WaitForKeyAsync().WaitAsync(Patience);
        return room;
    }

    /// <summary>Moves the fake clock past the back-off until the client dials (the timer may be armed just after the event).</summary>
    private static async Task<FakeRelayConnection> AdvanceUntilAcceptedAsync(FakeRelayScenario scenario, FakeTimeProvider time, TimeSpan delay)
    {
        using var deadline = new CancellationTokenSource(Patience);
        while (true)
        {
            time.Advance(delay);
            using var poll = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
            poll.CancelAfter(TimeSpan.FromMilliseconds(250));
            try
            {
                return await scenario.Relay.AcceptAsync(poll.Token);
            }
            catch (OperationCanceledException) when (!deadline.IsCancellationRequested)
            {
                // not dialled yet: the back-off timer was armed after the advance
            }
        }
    }

    private static async Task<ConnectionEvent> NextAsync(IAsyncEnumerator<ConnectionEvent> events)
    {
        (await events.MoveNextAsync().AsTask().WaitAsync(Patience)).Should().BeTrue("the connection events ended early");
        return events.Current;
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

    private static async Task ReadAllAsync(ChatRoom room)
    {
        await foreach (var _ in room.ReadEventsAsync())
        {
        }
    }

    /// <summary>The order in which the client received and sent frames, by type.</summary>
    private sealed class OrderTap : IFrameTap
    {
        public ConcurrentQueue<string> Log { get; } = new();

        public void OnSending(ReadOnlyMemory<byte> frame) => Log.Enqueue($"sending {(FrameType)frame.Span[0]}");

        public void OnReceived(ReadOnlyMemory<byte> frame) => Log.Enqueue($"received {(FrameType)frame.Span[0]}");
    }
}
