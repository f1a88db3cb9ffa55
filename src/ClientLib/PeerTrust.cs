namespace PyChat.Client;

/// <summary>What this client knows about a peer's identity key (trust on first use).</summary>
public enum PeerTrust
{
    /// <summary>The key is the one remembered for that name.</summary>
    Trusted,
    /// <summary>The name was never seen before; its key is remembered from now on.</summary>
    FirstSeen,
    /// <summary>The key differs from the remembered one and has not been trusted yet: possibly an impostor.</summary>
    Changed,
}
