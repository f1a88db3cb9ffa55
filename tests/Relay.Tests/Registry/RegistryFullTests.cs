using FluentAssertions;
using PyChat.Protocol;
using PyChat.Protocol.Frames;
using PyChat.Relay.Tests.Connections;
using PyChat.TestSupport;

namespace PyChat.Relay.Tests.Registry;

public sealed class RegistryFullTests
{
    [Fact]
    public async Task Register_WhenTheRegistryIsFull_IsAnsweredWithAnError_LoggedOnce_AndLoginsGoOn()
    {
        var log = new RecordingLoggerProvider();
        // A real SQLite file capped at its first two pages: SQLITE_FULL, exactly as on a full disk.
        await using var relay = await TestRelay.StartRecordingLogAsync(log, "--Relay:MaxRegistryBytes", "8192", "--Relay:RegistrationsPerAddress", "1000");
        var first = relay.Identity("first");
        (await (await relay.ConnectAsync()).RegisterAsync(first)).Should().BeOfType<OkFrame>();

        var refusals = new List<ErrorFrame>();
        for (var i = 0; i < 200 && refusals.Count < 2; i++)
        {
            await using var client = await RelayTestClient.ConnectAsync(relay.Host.WebSocketUri, relay.Host.CaCertificatePath);
            using var identity = new TestIdentity($"user{i:D3}");
            if (await client.RegisterAsync(identity) is ErrorFrame error)
            {
                refusals.Add(error);
                (await client.ReceiveAsync<HelloFrame>()).Should().NotBeNull("the refused connection stays and may try again");
            }
        }

        refusals.Should().HaveCount(2).And.OnlyContain(e => e.Code == ErrorCode.InternalError);
        log.Lines.Where(l => l.Contains("is full", StringComparison.Ordinal)).Should().ContainSingle().Which.Should().StartWith("Error ");
        (await (await relay.ConnectAsync()).LoginAsync(first)).Should().BeOfType<OkFrame>();
    }
}
