// STANDIN: replaced wholesale by the room/peers branch.
using PyChat.Client.Cryptography;

namespace PyChat.Client;

/// <summary>Stand-in: what a client remembers about peers' identity keys.</summary>
public interface IKnownPeers
{
    /// <summary>Marks a peer's key as trusted.</summary>
    void Trust(string name, IdentityPublicKey key);
}
