using PyChat.Client.Cryptography;

namespace PyChat.Client;

/// <summary>A member of a room: its name and the identity key the relay listed for it.</summary>
/// <param name="Name">The member's user name.</param>
/// <param name="IdentityKey">The member's identity key.</param>
public sealed record Peer(string Name, IdentityPublicKey IdentityKey)
{
    /// <summary>SHA-256 of the identity key, in hex: what people compare.</summary>
    public string Fingerprint => IdentityKey.FingerprintHex;
}
