namespace PyChat.Client.Internal;

/// <summary>
/// The relay's addresses: <see cref="PyChatClientOptions.RelayUri"/> first, then the other nodes of its cluster
/// (<see cref="PyChatClientOptions.FallbackRelayUris"/>). An attempt that fails moves on to the next, round and round,
/// so a client whose node died reconnects to another; the one that worked is where the next reconnect starts.
/// </summary>
internal sealed class RelayAddresses
{
    private readonly Uri[] _uris;
    private int _current;

    public RelayAddresses(PyChatClientOptions options)
    {
        _uris = [options.RelayUri, .. options.FallbackRelayUris];
        foreach (var uri in _uris)
        {
            if (uri.Scheme != Uri.UriSchemeWss)
            {
                throw new ArgumentException($"The relay URI {uri} must use wss://: the relay is reached over TLS only.", nameof(options));
            }
        }
    }

    public Uri Current => _uris[Volatile.Read(ref _current)];

    /// <summary>The attempt at <see cref="Current"/> failed: the next one tries the next address.</summary>
    public void Failed(Uri tried)
    {
        var at = Array.IndexOf(_uris, tried);
        Interlocked.CompareExchange(ref _current, (at + 1) % _uris.Length, at);
    }
}
