using System.Security.Cryptography;
using FluentAssertions;
using PyChat.Client;
using PyChat.Client.Cryptography;
using PyChat.Protocol;
using PyChat.Protocol.Frames;

namespace PyChat.ClientLib.Tests.Network;

public sealed class RequestTests
{
    [Fact]
    public async Task Login_AfterARefusal_SignsTheNextAttemptWithTheFreshChallengeOfTheNewHello()
    {
        await using var scenario = new FakeRelayScenario();
        var first = RandomNumberGenerator.GetBytes(32);
        var second = RandomNumberGenerator.GetBytes(32);
        var (client, relay) = await scenario.ConnectAsync(first);
        await using var _client = client;
        using var identity = IdentityKey.Generate();

        var refused = client.LoginAsync("alice", identity);
        var login = (LoginFrame)Frame.Decode(await relay.ReceiveAsync());
        identity.PublicKey.Verify(AuthTranscript.Login(scenario.RelayId, first, "alice"), login.Signature.Span).Should().BeTrue();
        await relay.SendAsync(new ErrorFrame(login.RequestId, ErrorCode.AuthenticationFailed, "authentication failed").Encode());
        (await refused.Awaiting(t => t).Should().ThrowAsync<PyChatRelayException>()).Which.Code.Should().Be(ErrorCode.AuthenticationFailed);

        var retry = client.LoginAsync("alice", identity);
        await relay.SendAsync(FakeRelayScenario.Hello(scenario.RelayId, second));
        var again = (LoginFrame)Frame.Decode(await relay.ReceiveAsync());
        await relay.SendAsync(new OkFrame(again.RequestId).Encode());
        await retry;

        identity.PublicKey.Verify(AuthTranscript.Login(scenario.RelayId, second, "alice"), again.Signature.Span).Should().BeTrue();
        again.RequestId.Should().NotBe(login.RequestId);
        client.User.Should().Be("alice");
    }

    [Fact]
    public async Task Register_SendsTheIdentityKeyAndASignatureOverTheRegisterTranscript()
    {
        await using var scenario = new FakeRelayScenario();
        var challenge = RandomNumberGenerator.GetBytes(32);
        var (client, relay) = await scenario.ConnectAsync(challenge);
        await using var _client = client;
        using var identity = IdentityKey.Generate();

        var registering = client.RegisterAsync("bob", identity);
        var register = (RegisterFrame)Frame.Decode(await relay.ReceiveAsync());
        await relay.SendAsync(new OkFrame(register.RequestId).Encode());
        await registering;

        register.IdentityKey.ToArray().Should().Equal(identity.PublicKey.SubjectPublicKeyInfo.ToArray());
        var transcript = AuthTranscript.Register(scenario.RelayId, challenge, "bob", register.IdentityKey.Span);
        identity.PublicKey.Verify(transcript, register.Signature.Span).Should().BeTrue();
        client.User.Should().Be("bob");
    }

    [Fact]
    public async Task Answers_ArrivingInAnotherOrder_CompleteTheRequestsWithTheirOwnIds()
    {
        await using var scenario = new FakeRelayScenario();
        var (client, relay) = await scenario.ConnectAsync();
        await using var _client = client;

        var firstList = client.ListRoomsAsync();
        var secondList = client.ListRoomsAsync();
        var first = (ListRoomsFrame)Frame.Decode(await relay.ReceiveAsync());
        var second = (ListRoomsFrame)Frame.Decode(await relay.ReceiveAsync());
        await relay.SendAsync(new RoomListFrame(second.RequestId, [new RoomSummary("second", 2, 10)]).Encode());
        await relay.SendAsync(new RoomListFrame(first.RequestId, [new RoomSummary("first", 1, 10)]).Encode());

        (await firstList).Should().Equal(new RoomInfo("first", 1, 10));
        (await secondList).Should().Equal(new RoomInfo("second", 2, 10));
    }

    [Fact]
    public async Task PendingRequests_WhenTheRelayClosesTheConnection_FailWithTheCloseCodeAndReason()
    {
        await using var scenario = new FakeRelayScenario();
        var (client, relay) = await scenario.ConnectAsync();
        await using var _client = client;

        var listing = client.ListRoomsAsync();
        await relay.ReceiveAsync();
        await relay.CloseAsync(CloseCode.SessionReplaced, "replaced");

        var failure = (await listing.Awaiting(t => t).Should().ThrowAsync<PyChatConnectionException>()).Which;
        failure.CloseCode.Should().Be(CloseCode.SessionReplaced);
        failure.CloseReason.Should().Be("replaced");
        await client.Awaiting(c => c.ListRoomsAsync()).Should().ThrowAsync<PyChatConnectionException>();
    }

    [Fact]
    public async Task Receive_WhenTheRelaySendsUndecodableFrames_SkipsThemAndKeepsAnswering()
    {
        await using var scenario = new FakeRelayScenario();
        var (client, relay) = await scenario.ConnectAsync();
        await using var _client = client;

        var listing = client.ListRoomsAsync();
        var request = (ListRoomsFrame)Frame.Decode(await relay.ReceiveAsync());
        await relay.SendAsync([0x7f, 1, 2, 3]);
        await relay.SendAsync([(byte)FrameType.Ok, 0, 0]);
        await relay.SendAsync(new RoomListFrame(request.RequestId, []).Encode());

        (await listing).Should().BeEmpty();
        client.DroppedFrames.Should().Be(2);
    }

    [Fact]
    public async Task Request_WhenTheRelayNeverAnswers_TimesOut()
    {
        await using var scenario = new FakeRelayScenario();
        var options = scenario.Options with { RequestTimeout = TimeSpan.FromMilliseconds(200) };
        var connecting = PyChatClient.ConnectAsync(options);
        var relay = await scenario.Relay.AcceptAsync();
        await relay.SendAsync(FakeRelayScenario.Hello(scenario.RelayId, new byte[32]));
        await using var client = await connecting;

        await client.Awaiting(c => c.ListRoomsAsync()).Should().ThrowAsync<PyChatTimeoutException>();
    }

    [Fact]
    public async Task Names_BreakingTheNamingRule_AreRefusedLocally()
    {
        await using var scenario = new FakeRelayScenario();
        var (client, _) = await scenario.ConnectAsync();
        await using var _client = client;
        using var identity = IdentityKey.Generate();

        await client.Awaiting(c => c.LoginAsync("Alice", identity)).Should().ThrowAsync<ArgumentException>();
        await client.Awaiting(c => c.CreateRoomAsync("lobby")).Should().ThrowAsync<InvalidOperationException>("not logged in");
    }
}
