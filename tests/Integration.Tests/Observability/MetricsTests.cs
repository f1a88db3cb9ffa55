using System.Text;
using System.Text.RegularExpressions;
using FluentAssertions;
using PyChat.Integration.Tests.Support;
using PyChat.Protocol;
using PyChat.Protocol.Frames;
using PyChat.TestSupport;
using PyChat.TestSupport.Relays;

namespace PyChat.Integration.Tests.Observability;

/// <summary>
/// <c>/metrics</c> of a relay process of the test's own (meters are per process: in-process relays of other tests would
/// add to the counts), after a scripted conversation of raw frames, so every count is known exactly.
/// </summary>
public sealed partial class MetricsTests : IAsyncLifetime
{
    private const int Messages = 3;

    // What a client sends and a relay must never show: recognisable, and in the shapes a leak would take.
    private static readonly byte[] Ciphertext = Encoding.ASCII.GetBytes("ciphertext-that-must-not-leak-0123456789");

    private readonly TempDirectory _folder = new();
    private RelayProcess _relay = null!;

    public async Task InitializeAsync() =>
        _relay = await RelayProcess.StartAsync(_folder, 4096, "--Logging:LogLevel:Default", "Information");

    public async Task DisposeAsync()
    {
        await _relay.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task AfterRegistrationsLoginsARefusedLoginAndMessages_MetricsCountEachExactly_ShowNoPayloadNameOrKey_AndAreTheDocumentedOnes()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        using var alice = new TestIdentity("alice" + suffix);
        using var bob = new TestIdentity("bob" + suffix);
        using var impostor = new TestIdentity("alice" + suffix);
        var room = "room" + suffix;
        var uri = _relay.WebSocketUri;

        foreach (var identity in new[] { alice, bob })
        {
            await using var registering = await RelayTestClient.ConnectAsync(uri, _relay.CaCertificatePath);
            (await registering.RegisterAsync(identity)).Should().BeOfType<OkFrame>();
        }

        await using (var refused = await RelayTestClient.ConnectAsync(uri, _relay.CaCertificatePath))
        {
            (await refused.LoginAsync(impostor)).Should().BeOfType<ErrorFrame>().Which.Code.Should().Be(ErrorCode.AuthenticationFailed);
        }

        await using var aliceClient = await RelayTestClient.ConnectAsync(uri, _relay.CaCertificatePath);
        await using var bobClient = await RelayTestClient.ConnectAsync(uri, _relay.CaCertificatePath);
        (await aliceClient.LoginAsync(alice)).Should().BeOfType<OkFrame>();
        (await bobClient.LoginAsync(bob)).Should().BeOfType<OkFrame>();
        (await aliceClient.CreateRoomAsync(room)).Should().BeOfType<RoomJoinedFrame>();
        (await bobClient.JoinRoomAsync(room)).Should().BeOfType<RoomJoinedFrame>();
        (await aliceClient.ReceiveAsync<MemberJoinedFrame>()).Member.Name.Should().Be(bob.Name);
        for (var i = 0; i < Messages; i++)
        {
            await aliceClient.PublishAsync(room, Ciphertext);
            await aliceClient.ReceiveAsync<PublishedFrame>();
            (await bobClient.ReceiveAsync<DeliverFrame>()).Payload.ToArray().Should().Equal(Ciphertext);
        }

        using var http = new RelayHttp(_relay.CaCertificatePath);
        (await http.GetAsync(RelayHttp.At(uri, "/healthz"))).Status.Should().Be(200); // a request for ASP.NET Core's own metrics
        // The three connections that ended are counted once their close is through; a frame once it left the relay.
        var scrape = await http.ScrapeAsync(RelayHttp.At(uri, "/metrics"), s =>
            s.Value("pychat_relay_connections_closed_total") >= 3 && s.Value("pychat_relay_frames_sent_total", "type=Deliver") >= Messages);

        scrape.Value("pychat_relay_registrations_total", "result=ok").Should().Be(2);
        scrape.Value("pychat_relay_registrations_total", "result=failed").Should().Be(0);
        scrape.Value("pychat_relay_logins_total", "result=ok").Should().Be(2);
        scrape.Value("pychat_relay_logins_total", "result=failed").Should().Be(1);
        scrape.Value("pychat_relay_refusals_total", "code=AuthenticationFailed").Should().Be(1);
        scrape.Value("pychat_relay_refusals_total").Should().Be(1);

        scrape.Value("pychat_relay_connections_opened_total").Should().Be(5);
        scrape.Value("pychat_relay_connections_closed_total", "close_code=1000").Should().Be(3);
        scrape.Value("pychat_relay_connections_open").Should().Be(2);
        scrape.Value("pychat_relay_rooms").Should().Be(1);
        scrape.Value("pychat_relay_room_members").Should().Be(2);

        scrape.Value("pychat_relay_frames_received_total", "type=Register").Should().Be(2);
        scrape.Value("pychat_relay_frames_received_total", "type=Login").Should().Be(3);
        scrape.Value("pychat_relay_frames_received_total", "type=CreateRoom").Should().Be(1);
        scrape.Value("pychat_relay_frames_received_total", "type=JoinRoom").Should().Be(1);
        scrape.Value("pychat_relay_frames_received_total", "type=Publish").Should().Be(Messages);
        scrape.Value("pychat_relay_frames_sent_total", "type=Hello").Should().Be(6, "one per connection, and a new one after the failed login");
        scrape.Value("pychat_relay_frames_sent_total", "type=Ok").Should().Be(4);
        scrape.Value("pychat_relay_frames_sent_total", "type=Error").Should().Be(1);
        scrape.Value("pychat_relay_frames_sent_total", "type=RoomJoined").Should().Be(2);
        scrape.Value("pychat_relay_frames_sent_total", "type=MemberJoined").Should().Be(1);
        scrape.Value("pychat_relay_frames_sent_total", "type=Published").Should().Be(Messages);
        scrape.Value("pychat_relay_frames_sent_total", "type=Deliver").Should().Be(Messages);
        scrape.Value("pychat_relay_received_bytes_total").Should().BeGreaterThan(Messages * Ciphertext.Length);
        scrape.Value("pychat_relay_sent_bytes_total").Should().BeGreaterThan(Messages * Ciphertext.Length);

        scrape.Value("pychat_relay_publish_latency_seconds_count").Should().Be(Messages);
        scrape.Value("pychat_relay_publish_latency_seconds_bucket", "le=+Inf").Should().Be(Messages);
        scrape.Value("pychat_relay_publish_latency_seconds_sum").Should().BePositive();
        scrape.Has("pychat_relay_send_queue_depth").Should().BeTrue();
        scrape.Has("pychat_relay_send_queue_max_depth").Should().BeTrue();
        scrape.Has("pychat_relay_send_queue_size_bytes").Should().BeTrue();
        scrape.Families.Should().Contain(f => f.StartsWith("kestrel_", StringComparison.Ordinal), "Kestrel's meter is exported");
        scrape.Families.Should().Contain("http_server_request_duration_seconds", "ASP.NET Core's hosting meter is exported");

        foreach (var shown in new[] { scrape.Text, _relay.Output })
        {
            foreach (var leak in Leaks(alice, bob))
            {
                shown.Should().NotContain(leak, "no payload, key or signature appears in a metric or a log");
            }
        }

        foreach (var name in new[] { alice.Name, bob.Name, room })
        {
            scrape.Text.Should().NotContain(name, "metrics name no user and no room");
        }

        // Every family has a series by now (a counter appears with its first event).
        var documented = DocumentedMetric().Matches(await File.ReadAllTextAsync(RepositoryRoot.Combine("docs", "RELAY.md")))
            .Select(m => m.Groups["name"].Value);
        scrape.Families.Where(f => f.StartsWith("pychat_relay_", StringComparison.Ordinal))
            .Should().BeEquivalentTo(documented, "docs/RELAY.md's table names exactly the metrics /metrics has");
    }

    /// <summary>The ciphertext as it went, in base64 and in hex, and the identity keys in base64.</summary>
    private static IEnumerable<string> Leaks(params TestIdentity[] identities) =>
    [
        Encoding.ASCII.GetString(Ciphertext),
        Convert.ToBase64String(Ciphertext),
        Convert.ToHexString(Ciphertext),
        Convert.ToHexString(Ciphertext).ToLowerInvariant(),
        .. identities.Select(i => Convert.ToBase64String(i.PublicKey)),
        .. identities.Select(i => Convert.ToHexString(i.PublicKey)),
    ];

    // A row of the metrics table: | `pychat_relay_…` | …
    [GeneratedRegex(@"^\| `(?<name>pychat_relay_[a-z_]+)`", RegexOptions.Multiline)]
    private static partial Regex DocumentedMetric();
}
