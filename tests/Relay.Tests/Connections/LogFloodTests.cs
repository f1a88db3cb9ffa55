using System.Security.Cryptography.X509Certificates;
using System.Text;
using FluentAssertions;
using PyChat.Relay.Tests.Admission;
using PyChat.TestSupport.Relays;

namespace PyChat.Relay.Tests.Connections;

public sealed class LogFloodTests
{
    [Fact]
    public async Task ManyPipelinedRequestsWithoutAnUpgrade_LeaveTheLogAlmostUntouched()
    {
        const int requests = 300;
        var log = new RecordingLoggerProvider();
        // The shipped log levels (appsettings.json), with the relay's own categories at Information as in production.
        await using var relay = await TestRelay.StartRecordingLogAsync(log, "--Logging:LogLevel:Default", "Information");
        using var authority = X509CertificateLoader.LoadCertificateFromFile(relay.Host.CaCertificatePath);
        await using var stream = await TlsFlood.TryConnectAsync(relay.Host.WebSocketUri.Port, authority);
        stream.Should().NotBeNull();
        var before = log.Lines.Count;

        var request = Encoding.ASCII.GetBytes("GET /ws HTTP/1.1\r\nHost: localhost\r\n\r\n");
        var pipelined = Enumerable.Repeat(request, requests).SelectMany(r => r).ToArray();
        await stream!.WriteAsync(pipelined);
        (await CountResponsesAsync(stream, requests)).Should().Be(requests);

        log.Lines.Skip(before).Should().HaveCountLessThan(3, "an anonymous client decides how many bad requests it sends, not how much the relay logs");
    }

    /// <summary>Reads until <paramref name="expected"/> "400" status lines have arrived or the relay closes.</summary>
    private static async Task<int> CountResponsesAsync(Stream stream, int expected)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var text = new StringBuilder();
        var buffer = new byte[16 * 1024];
        var count = 0;
        while (count < expected)
        {
            var read = await stream.ReadAsync(buffer, patience.Token);
            if (read == 0)
            {
                break;
            }

            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
            count = CountOf(text.ToString(), "HTTP/1.1 400 ");
        }

        return count;
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
