using System.Diagnostics.CodeAnalysis;
using PyChat.Client.Cryptography;
using PyChat.Client.Internal;

namespace PyChat.Client;

/// <summary>An <see cref="IKnownPeers"/> that forgets everything when the process ends (tests, guests).</summary>
public sealed class KnownPeersInMemory : IKnownPeers
{
    private readonly Dictionary<string, string> _fingerprints = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <inheritdoc/>
    public PeerTrust Check(string name, IdentityPublicKey key)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(key);
        lock (_lock)
        {
            return KnownPeersTable.Check(_fingerprints, name, key, out _);
        }
    }

    /// <inheritdoc/>
    public void Trust(string name, IdentityPublicKey key)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(key);
        lock (_lock)
        {
            _fingerprints[name] = key.FingerprintHex;
        }
    }

    /// <inheritdoc/>
    public bool TryGetFingerprint(string name, [NotNullWhen(true)] out string? fingerprint)
    {
        lock (_lock)
        {
            return _fingerprints.TryGetValue(name, out fingerprint);
        }
    }
}
