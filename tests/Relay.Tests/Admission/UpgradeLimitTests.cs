using System.Net.WebSockets;
using FluentAssertions;
using PyChat.Relay.Tests.Connections;
using PyChat.TestSupport;

namespace PyChat.Relay.Tests.Admission;

public sealed class UpgradeLimitTests
{
    [Fact]
    public async Task WebSocketsPastTheUpgradedConnectionLimit_Get503_WithoutAnErrorInTheLog_AndTheOpenOneWorks()
    {
        var log = new RecordingLoggerProvider();
        await using var relay = await TestRelay.StartRecordingLogAsync(log, "--Relay:MaxConcurrentUpgradedConnections", "1", "--Logging:LogLevel:Default", "Information");
        var alice = await relay.RegisteredAsync("alice");

        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var refused = RelayTestClient.CreateSocket(relay.Host.CaCertificatePath);
            var connect = () => refused.ConnectAsync(relay.Host.WebSocketUri, CancellationToken.None);
            (await connect.Should().ThrowAsync<WebSocketException>()).Which.Message.Should().Contain("503");
        }

        (await alice.ListRoomsAsync()).Rooms.Should().BeEmpty("the open WebSocket is served as before");
        log.Lines.Should().NotContain(line => line.StartsWith("Error ", StringComparison.Ordinal) || line.StartsWith("Critical ", StringComparison.Ordinal),
            "an anonymous client decides how often it hits the limit");
    }
}
