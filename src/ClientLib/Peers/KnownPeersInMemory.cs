// STANDIN: replaced wholesale by the room/peers branch.
using System.Collections.Concurrent;
using PyChat.Client.Cryptography;

namespace PyChat.Client;

/// <summary>Stand-in: in-memory known peers.</summary>
public sealed class KnownPeersInMemory : IKnownPeers
{
    private readonly ConcurrentDictionary<string, IdentityPublicKey> _trusted = new();

    /// <inheritdoc/>
    public void Trust(string name, IdentityPublicKey key) => _trusted[name] = key;
}
