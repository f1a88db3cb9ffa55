using PyChat.Client.Cryptography;

namespace PyChat.Client.Internal;

/// <summary>The trust-on-first-use rule shared by every <see cref="IKnownPeers"/> implementation.</summary>
internal static class KnownPeersTable
{
    /// <summary>Checks <paramref name="key"/>; <paramref name="changedTable"/> says whether a first-seen name was added.</summary>
    public static PeerTrust Check(Dictionary<string, string> fingerprints, string name, IdentityPublicKey key, out bool changedTable)
    {
        changedTable = false;
        if (!fingerprints.TryGetValue(name, out var remembered))
        {
            fingerprints.Add(name, key.FingerprintHex);
            changedTable = true;
            return PeerTrust.FirstSeen;
        }

        // A changed key is never written over silently: only Trust replaces it.
        return string.Equals(remembered, key.FingerprintHex, StringComparison.Ordinal) ? PeerTrust.Trusted : PeerTrust.Changed;
    }
}
