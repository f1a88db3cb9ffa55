using System.Security.Cryptography;
using FluentAssertions;
using Microsoft.Extensions.Time.Testing;
using PyChat.Protocol;
using PyChat.Protocol.Frames;
using PyChat.TestSupport;

namespace PyChat.Relay.Tests.Authentication;

public sealed class LoginTests
{
    [Fact]
    public async Task Hello_CarriesTheRelayIdOfThePinnedCaAndAFreshChallenge()
    {
        await using var relay = await TestRelay.StartAsync();
        var first = await relay.ConnectAsync();
        var second = await relay.ConnectAsync();

        var expectedId = SHA256.HashData(System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(relay.Host.CaCertificatePath).RawData);
        first.Hello!.Version.Should().Be(2);
        first.Hello.RelayId.ToArray().Should().Equal(expectedId);
        first.Hello.MaxFrameBytes.Should().Be(65536);
        first.Hello.Challenge.ToArray().Should().NotEqual(second.Hello!.Challenge.ToArray());
    }

    [Fact]
    public async Task Register_WithAFreshName_LogsTheConnectionIn()
    {
        await using var relay = await TestRelay.StartAsync();
        var client = await relay.ConnectAsync();

        (await client.RegisterAsync(relay.Identity("alice"))).Should().Be(new OkFrame(1));
        (await client.ListRoomsAsync()).Rooms.Should().BeEmpty();
    }

    [Fact]
    public async Task Register_WhenTheNameIsTaken_IsRefusedWithNameTaken()
    {
        await using var relay = await TestRelay.StartAsync();
        await relay.RegisteredAsync("alice");
        var client = await relay.ConnectAsync();

        var answer = await client.RegisterAsync(relay.Identity("alice"));

        answer.Should().BeOfType<ErrorFrame>().Which.Code.Should().Be(ErrorCode.NameTaken);
    }

    [Fact]
    public async Task Register_WithAnInvalidNameOrKey_IsRefused()
    {
        await using var relay = await TestRelay.StartAsync();
        var client = await relay.ConnectAsync();
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var hello = client.Hello!;

        (await client.RegisterAsync(relay.Identity("Alice"))).Should().BeOfType<ErrorFrame>().Which.Code.Should().Be(ErrorCode.InvalidName);
        await client.ReceiveAsync<HelloFrame>();
        var key = p384.ExportSubjectPublicKeyInfo();
        await client.SendAsync(new RegisterFrame(9, "bob", key, new byte[64]));
        (await client.ReceiveAsync<ErrorFrame>()).Should().Be(new ErrorFrame(9, ErrorCode.InvalidKey, "invalid identity key or announcement"));
        client.Hello.Should().NotBeSameAs(hello);
    }

    [Fact]
    public async Task Login_WithTheRegisteredKeyOnANewConnection_Succeeds()
    {
        await using var relay = await TestRelay.StartAsync();
        var alice = relay.Identity("alice");
        (await (await relay.ConnectAsync()).RegisterAsync(alice)).Should().BeOfType<OkFrame>();
        var client = await relay.ConnectAsync();

        (await client.LoginAsync(alice)).Should().BeOfType<OkFrame>();
    }

    [Fact]
    public async Task Login_WithAKeyNotRegisteredForTheName_IsRefusedAndANewChallengeIsSent()
    {
        await using var relay = await TestRelay.StartAsync();
        await relay.RegisteredAsync("alice");
        var client = await relay.ConnectAsync();
        var firstChallenge = client.Hello!.Challenge.ToArray();

        var answer = await client.LoginAsync(relay.Identity("alice"));

        answer.Should().BeOfType<ErrorFrame>().Which.Code.Should().Be(ErrorCode.AuthenticationFailed);
        (await client.ReceiveAsync<HelloFrame>()).Challenge.ToArray().Should().NotEqual(firstChallenge);
    }

    [Fact]
    public async Task Login_ForAnUnknownUser_IsRefusedLikeABadSignature()
    {
        await using var relay = await TestRelay.StartAsync();
        var client = await relay.ConnectAsync();

        var answer = await client.LoginAsync(relay.Identity("nobody"));

        answer.Should().Be(new ErrorFrame(1, ErrorCode.AuthenticationFailed, "authentication failed"));
    }

    [Fact]
    public async Task Login_ReplayingASignatureOnANewConnection_IsRefused()
    {
        await using var relay = await TestRelay.StartAsync();
        var alice = relay.Identity("alice");
        (await (await relay.ConnectAsync()).RegisterAsync(alice)).Should().BeOfType<OkFrame>();
        var victim = await relay.ConnectAsync();
        var captured = victim.SignedLogin(alice);
        var attacker = await relay.ConnectAsync();

        await attacker.SendAsync(captured);

        (await attacker.ReceiveAsync<ErrorFrame>()).Code.Should().Be(ErrorCode.AuthenticationFailed);
    }

    [Fact]
    public async Task Login_ReusingTheChallengeOfAFailedAttempt_IsRefused()
    {
        await using var relay = await TestRelay.StartAsync();
        var alice = relay.Identity("alice");
        (await (await relay.ConnectAsync()).RegisterAsync(alice)).Should().BeOfType<OkFrame>();
        var client = await relay.ConnectAsync();
        var signedOverFirstChallenge = client.SignedLogin(alice);
        (await client.LoginAsync(relay.Identity("alice"))).Should().BeOfType<ErrorFrame>();
        await client.ReceiveAsync<HelloFrame>();

        await client.SendAsync(signedOverFirstChallenge);

        (await client.ReceiveAsync<ErrorFrame>()).Code.Should().Be(ErrorCode.AuthenticationFailed);
    }

    [Fact]
    public async Task BeforeLogin_EveryOtherFrameIsRefusedWithNotAuthenticated()
    {
        await using var relay = await TestRelay.StartAsync();
        var client = await relay.ConnectAsync();
        Frame[] frames =
        [
            new ListRoomsFrame(11), new CreateRoomFrame(12, "lobby", RelayTestClient.Announcement()), new JoinRoomFrame(13, "lobby", RelayTestClient.Announcement()),
            new LeaveRoomFrame(14, "lobby"), new PublishFrame(15, "lobby", new byte[] { 1 }),
        ];

        foreach (var frame in frames)
        {
            await client.SendAsync(frame);
        }

        var answers = new List<ErrorFrame>();
        for (var i = 0; i < frames.Length; i++)
        {
            answers.Add(await client.ReceiveAsync<ErrorFrame>());
        }

        answers.Should().OnlyContain(e => e.Code == ErrorCode.NotAuthenticated);
        answers.Select(e => e.RequestId).Should().Equal(11u, 12u, 13u, 14u, 15u);
    }

    [Fact]
    public async Task LoginOrRegister_AfterLogin_IsRefusedWithAlreadyAuthenticated()
    {
        await using var relay = await TestRelay.StartAsync();
        var client = await relay.RegisteredAsync("alice");

        await client.SendAsync(new LoginFrame(5, "alice", new byte[64]));

        (await client.ReceiveAsync<ErrorFrame>()).Should().Be(new ErrorFrame(5, ErrorCode.AlreadyAuthenticated, "already logged in"));
    }

    [Fact]
    public async Task Login_FiveFailuresOnOneConnection_CloseItWith4003()
    {
        await using var relay = await TestRelay.StartAsync();
        var client = await relay.ConnectAsync();
        var mallory = relay.Identity("alice");

        for (var i = 0; i < 4; i++)
        {
            (await client.LoginAsync(mallory)).Should().BeOfType<ErrorFrame>();
            await client.ReceiveAsync<HelloFrame>();
        }

        (await client.LoginAsync(mallory)).Should().BeOfType<ErrorFrame>();
        (await client.ReceiveCloseAsync()).Should().Be(CloseCode.TooManyFailedLogins);
    }

    [Fact]
    public async Task FailedLogins_FromOneAddress_AreRateLimitedAcrossConnections()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var relay = await TestRelay.StartAsync(time);
        var alice = relay.Identity("alice");
        (await (await relay.ConnectAsync()).RegisterAsync(alice)).Should().BeOfType<OkFrame>();
        var wrongKey = relay.Identity("alice");

        for (var failures = 0; failures < 10; failures += 2)
        {
            var client = await relay.ConnectAsync();
            for (var i = 0; i < 2; i++)
            {
                (await client.LoginAsync(wrongKey)).Should().BeOfType<ErrorFrame>().Which.Code.Should().Be(ErrorCode.AuthenticationFailed);
                await client.ReceiveAsync<HelloFrame>();
            }
        }

        var limited = await relay.ConnectAsync();
        (await limited.LoginAsync(alice)).Should().BeOfType<ErrorFrame>().Which.Code.Should().Be(ErrorCode.RateLimited);

        await limited.ReceiveAsync<HelloFrame>();
        time.Advance(TimeSpan.FromSeconds(7)); // the allowance refills at 10 per minute
        (await limited.LoginAsync(alice)).Should().BeOfType<OkFrame>();
    }

    [Fact]
    public async Task FailedLogins_AsOneUser_DoNotLockOutOtherUsersBehindTheSameAddress()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var relay = await TestRelay.StartAsync(time);
        var alice = relay.Identity("alice");
        var bob = relay.Identity("bob");
        (await (await relay.ConnectAsync()).RegisterAsync(alice)).Should().BeOfType<OkFrame>();
        (await (await relay.ConnectAsync()).RegisterAsync(bob)).Should().BeOfType<OkFrame>();

        await FailLoginsAsync(relay, relay.Identity("alice"), 11);

        (await (await relay.ConnectAsync()).LoginAsync(alice)).Should().BeOfType<ErrorFrame>().Which.Code.Should().Be(ErrorCode.RateLimited);
        (await (await relay.ConnectAsync()).LoginAsync(bob)).Should().BeOfType<OkFrame>("bob's name was not guessed at");
    }

    [Fact]
    public async Task FailedLogins_FromOneAddress_AcrossManyNames_HitTheHigherPerAddressCeiling()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var relay = await TestRelay.StartAsync(time, "--Relay:FailedLoginsPerAddress", "12");
        var bob = relay.Identity("bob");
        (await (await relay.ConnectAsync()).RegisterAsync(bob)).Should().BeOfType<OkFrame>();

        for (var name = 0; name < 3; name++)
        {
            await FailLoginsAsync(relay, relay.Identity($"guess{name}"), 4); // 4 per name: under the per-name allowance of 10
        }

        var limited = await relay.ConnectAsync();
        (await limited.LoginAsync(bob)).Should().BeOfType<ErrorFrame>().Which.Code.Should().Be(ErrorCode.RateLimited);
        await limited.ReceiveAsync<HelloFrame>();
        time.Advance(TimeSpan.FromSeconds(5)); // the address's allowance refills at 12 per minute
        (await limited.LoginAsync(bob)).Should().BeOfType<OkFrame>();
    }

    /// <summary><paramref name="count"/> failed logins as <paramref name="wrongKey"/>, two per connection (each answered with AuthenticationFailed or RateLimited).</summary>
    private static async Task FailLoginsAsync(TestRelay relay, TestIdentity wrongKey, int count)
    {
        for (var failures = 0; failures < count; failures += 2)
        {
            var client = await relay.ConnectAsync();
            for (var i = 0; i < Math.Min(2, count - failures); i++)
            {
                (await client.LoginAsync(wrongKey)).Should().BeOfType<ErrorFrame>().Which.Code.Should().BeOneOf(ErrorCode.AuthenticationFailed, ErrorCode.RateLimited);
                await client.ReceiveAsync<HelloFrame>();
            }
        }
    }

    [Fact]
    public async Task Login_WhenNotDoneWithinTheTimeout_ClosesTheConnectionWith4001()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var relay = await TestRelay.StartAsync(time);
        var client = await relay.ConnectAsync();

        time.Advance(TimeSpan.FromSeconds(11));

        (await client.ReceiveCloseAsync()).Should().Be(CloseCode.LoginTimeout);
    }

    [Fact]
    public async Task Login_InTime_IsNotClosedByTheLoginTimeout()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var relay = await TestRelay.StartAsync(time);
        var client = await relay.RegisteredAsync("alice");

        time.Advance(TimeSpan.FromSeconds(11));

        (await client.ListRoomsAsync()).Rooms.Should().BeEmpty();
    }

    [Fact]
    public async Task Login_OfTheSameUserElsewhere_ClosesTheOlderConnectionWith4002AndLeavesItsSeatsAway()
    {
        await using var relay = await TestRelay.StartAsync();
        var alice = relay.Identity("alice");
        var older = await relay.ConnectAsync();
        (await older.RegisterAsync(alice)).Should().BeOfType<OkFrame>();
        (await older.CreateRoomAsync("lobby")).Should().BeOfType<RoomJoinedFrame>();
        var bob = await relay.RegisteredAsync("bob");
        (await bob.JoinRoomAsync("lobby")).Should().BeOfType<RoomJoinedFrame>();
        await older.ReceiveAsync<MemberJoinedFrame>();
        var newer = await relay.ConnectAsync();

        (await newer.LoginAsync(alice)).Should().BeOfType<OkFrame>();

        (await older.ReceiveCloseAsync()).Should().Be(CloseCode.SessionReplaced);
        (await bob.ReceiveAsync<MemberAwayFrame>()).Should().Be(new MemberAwayFrame("lobby", 3, "alice", "bob"));
        // A JoinRoom over her own away seat gives it up first, then she is a new member.
        (await newer.JoinRoomAsync("lobby")).Should().BeOfType<RoomJoinedFrame>().Which.Members.Select(m => m.Name).Should().Equal("bob", "alice");
        (await bob.ReceiveAsync<MemberLeftFrame>()).Should().Be(new MemberLeftFrame("lobby", 4, "alice", "bob"));
        (await bob.ReceiveAsync<MemberJoinedFrame>()).Offset.Should().Be(5);
    }
}
