using PyChat.TestSupport;

namespace PyChat.Relay.Tests.Admission;

/// <summary>Waits, within a generous deadline, for the relay to admit a new connection again.</summary>
internal static class Admitted
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Connects until the relay admits the connection: a flood's sockets are released by the relay
    /// asynchronously after the client closed them, so the first attempts may still be refused.
    /// </summary>
    public static async Task<RelayTestClient> ConnectAsync(Uri uri, string caCertificatePath)
    {
        using var deadline = new CancellationTokenSource(Patience);
        while (true)
        {
            try
            {
                return await RelayTestClient.ConnectAsync(uri, caCertificatePath, deadline.Token);
            }
            catch (Exception e) when (!deadline.IsCancellationRequested && e is System.Net.WebSockets.WebSocketException or IOException or InvalidOperationException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), deadline.Token);
            }
        }
    }
}
