using FluentAssertions;
using PyChat.Protocol;
using PyChat.Protocol.Frames;
using PyChat.Relay.Commands;
using PyChat.TestSupport;
using PyChat.TestSupport.Relays;

namespace PyChat.Relay.Tests.Commands;

/// <summary>The admin commands on the folders of a relay process that is running, as an operator uses them.</summary>
public sealed class AdministrationCommandTests : IAsyncLifetime
{
    private readonly TempDirectory _folder = new();
    private RelayProcess _relay = null!;

    private string DataDirectory => _folder.Combine("data");

    public async Task InitializeAsync() => _relay = await RelayProcess.StartAsync(_folder, 4096);

    public async Task DisposeAsync()
    {
        await _relay.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task UsersRemove_WhileTheRelayRuns_RefusesTheOldKeyAndLetsANewKeyRegisterTheName()
    {
        using var lost = new TestIdentity("alice");
        using var replacement = new TestIdentity("alice");
        await using (var alice = await ConnectAsync())
        {
            (await alice.RegisterAsync(lost)).Should().BeOfType<OkFrame>();
        }

        var listed = await AdminAsync("users", "list");
        listed.ExitCode.Should().Be(ExitCodes.Ok);
        listed.Output.Should().MatchRegex(@"(?m)^alice\s+" + IdentityFingerprint.Of(lost.PublicKey) + @"\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ");

        var removed = await AdminAsync("users", "remove", "alice");
        removed.ExitCode.Should().Be(ExitCodes.Ok);
        removed.Error.Should().BeEmpty();

        await using var old = await ConnectAsync();
        (await old.LoginAsync(lost)).Should().BeOfType<ErrorFrame>().Which.Code.Should().Be(ErrorCode.AuthenticationFailed);
        await using var fresh = await ConnectAsync();
        (await fresh.RegisterAsync(replacement)).Should().BeOfType<OkFrame>("the name is free again");
        (await AdminAsync("users", "list")).Output.Should().Contain(IdentityFingerprint.Of(replacement.PublicKey))
            .And.NotContain(IdentityFingerprint.Of(lost.PublicKey));
    }

    [Fact]
    public async Task UsersRemove_OfAnUnknownUser_FailsWithOneLineNamingIt()
    {
        await using (var bob = await ConnectAsync())
        {
            using var identity = new TestIdentity("bob");
            (await bob.RegisterAsync(identity)).Should().BeOfType<OkFrame>();
        }

        var removed = await AdminAsync("users", "remove", "carol");

        removed.ExitCode.Should().Be(ExitCodes.Failed);
        removed.Error.Trim().Should().Be($"There is no user 'carol' in {Path.Combine(DataDirectory, "relay.db")}.");
        (await AdminAsync("users", "list")).Output.Should().Contain("bob", "nothing else was removed");
    }

    [Fact]
    public async Task RoomsList_ShowsARoomWithItsHubMembersAndLastOffset()
    {
        using var aliceIdentity = new TestIdentity("alice");
        using var bobIdentity = new TestIdentity("bob");
        await using var alice = await ConnectAsync();
        (await alice.RegisterAsync(aliceIdentity)).Should().BeOfType<OkFrame>();
        await using var bob = await ConnectAsync();
        (await bob.RegisterAsync(bobIdentity)).Should().BeOfType<OkFrame>();
        await alice.CreateRoomAsync("lobby");
        (await bob.JoinRoomAsync("lobby")).Should().BeOfType<RoomJoinedFrame>();
        var joined = await alice.ReceiveAsync<MemberJoinedFrame>();

        var rooms = await AdminAsync("rooms", "list");

        rooms.ExitCode.Should().Be(ExitCodes.Ok);
        rooms.Output.Should().MatchRegex(@"(?m)^lobby\s+alice\s+" + joined.Offset + @"\s+alice, bob\s*$");
    }

    private Task<RelayTestClient> ConnectAsync() => RelayTestClient.ConnectAsync(_relay.WebSocketUri, _relay.CaCertificatePath);

    private Task<RelayCommandRun> AdminAsync(params string[] verb) =>
        RelayCommandRun.InvokeAsync([.. verb, "--Relay:DataDirectory", DataDirectory]);
}
