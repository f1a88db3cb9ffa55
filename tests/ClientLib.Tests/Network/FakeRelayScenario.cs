using System.Security.Cryptography;
using PyChat.Client;
using PyChat.Protocol;
using PyChat.Protocol.Frames;
using PyChat.TestSupport.Relays;

namespace PyChat.ClientLib.Tests.Network;

/// <summary>A fake relay with its own CA, and options for a client that pins that CA.</summary>
internal sealed class FakeRelayScenario : IAsyncDisposable
{
    public FakeRelayScenario(params string[] certificateHosts)
    {
        Ca = new TestCertificateAuthority();
        Relay = new FakeRelay(Ca.IssueServer(certificateHosts.Length == 0 ? ["127.0.0.1", "localhost"] : certificateHosts));
        RelayId = SHA256.HashData(Ca.Certificate.RawData);
        Options = PyChatClientOptions.Default with
        {
            RelayUri = Relay.WebSocketUri,
            CaCertificate = Ca.PublicCertificate,
            ConnectRetryAttempts = 0,
            ConnectTimeout = TimeSpan.FromSeconds(30),
            RequestTimeout = TimeSpan.FromSeconds(30), // bounds a hang only; the timeout test sets its own
        };
    }

    public TestCertificateAuthority Ca { get; }

    public FakeRelay Relay { get; }

    public byte[] RelayId { get; }

    public PyChatClientOptions Options { get; }

    public static byte[] Hello(byte[] relayId, byte[] challenge, uint maxFrameBytes = ProtocolLimits.DefaultMaxFrameBytes) =>
        new HelloFrame(ProtocolLimits.Version, relayId, challenge, maxFrameBytes, 200, 400).Encode();

    /// <summary>Connects a client; the fake relay answers the upgrade with Hello(<paramref name="challenge"/>, <paramref name="maxFrameBytes"/>).</summary>
    public async Task<(PyChatClient Client, FakeRelayConnection Connection)> ConnectAsync(
        byte[]? challenge = null, byte[]? relayId = null, uint maxFrameBytes = ProtocolLimits.DefaultMaxFrameBytes, PyChatClientOptions? options = null)
    {
        var connecting = PyChatClient.ConnectAsync(options ?? Options);
        var connection = await Relay.AcceptAsync();
        await connection.SendAsync(Hello(relayId ?? RelayId, challenge ?? RandomNumberGenerator.GetBytes(32), maxFrameBytes));
        return (await connecting, connection);
    }

    public async ValueTask DisposeAsync()
    {
        await Relay.DisposeAsync();
        Ca.Dispose();
    }
}
