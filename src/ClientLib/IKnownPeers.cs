using System.Diagnostics.CodeAnalysis;
using PyChat.Client.Cryptography;

namespace PyChat.Client;

/// <summary>
/// Trust on first use: remembers the identity key fingerprint of every user name seen on one relay,
/// so a key the relay swaps later is noticed. Implementations are thread-safe.
/// </summary>
public interface IKnownPeers
{
    /// <summary>
    /// Compares <paramref name="key"/> with the remembered one. A name never seen is remembered with this key
    /// (<see cref="PeerTrust.FirstSeen"/>); a different key is reported (<see cref="PeerTrust.Changed"/>) and
    /// the old one is kept until <see cref="Trust"/>.
    /// </summary>
    PeerTrust Check(string name, IdentityPublicKey key);

    /// <summary>Remembers <paramref name="key"/> for <paramref name="name"/>, replacing any other: the user accepted it.</summary>
    void Trust(string name, IdentityPublicKey key);

    /// <summary>The remembered fingerprint (hex) for <paramref name="name"/>, if any.</summary>
    bool TryGetFingerprint(string name, [NotNullWhen(true)] out string? fingerprint);
}
