using Microsoft.AspNetCore.Http.Features;

namespace PyChat.Relay.Connections;

/// <summary>
/// Kestrel's upgrade feature with the upgraded stream wrapped in a <see cref="SendBatchingStream"/>,
/// so the WebSocket that ASP.NET Core builds on it writes through the wrapper. The handshake itself
/// (subprotocol, keep-alive, no compression) stays ASP.NET Core's.
/// </summary>
internal sealed class SendBatchingUpgradeFeature(IHttpUpgradeFeature inner) : IHttpUpgradeFeature
{
    public bool IsUpgradableRequest => inner.IsUpgradableRequest;

    /// <summary>The wrapper, once upgraded.</summary>
    public SendBatchingStream? Stream { get; private set; }

    public async Task<Stream> UpgradeAsync()
    {
        Stream = new SendBatchingStream(await inner.UpgradeAsync());
        return Stream;
    }
}
