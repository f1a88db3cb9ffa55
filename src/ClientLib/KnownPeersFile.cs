using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using PyChat.Client.Cryptography;
using PyChat.Client.Internal;

namespace PyChat.Client;

/// <summary>
/// An <see cref="IKnownPeers"/> kept in a JSON file, one file per relay (the application chooses the path,
/// typically named after the relay id). Every change is written at once, atomically: a new file is written
/// beside the old one and moved over it, so a crash never leaves a half-written table.
/// </summary>
/// <remarks>File format: <c>{"version":1,"peers":{"alice":"&lt;64 hex digits in groups of 4&gt;"}}</c>. Thread-safe within one process.</remarks>
public sealed class KnownPeersFile : IKnownPeers
{
    private const int FormatVersion = 1;
    private readonly string _path;
    private readonly Dictionary<string, string> _fingerprints;
    private readonly Lock _lock = new();

    /// <summary>Opens the table at <paramref name="path"/>; a missing file is an empty table.</summary>
    /// <exception cref="InvalidDataException">The file exists but is not a known-peers table. It is not overwritten.</exception>
    public KnownPeersFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = Path.GetFullPath(path);
        _fingerprints = File.Exists(_path) ? Load(_path) : new Dictionary<string, string>(StringComparer.Ordinal);
    }

    /// <summary>The file this table lives in.</summary>
    public string FilePath => _path;

    /// <inheritdoc/>
    public PeerTrust Check(string name, IdentityPublicKey key)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(key);
        lock (_lock)
        {
            var trust = KnownPeersTable.Check(_fingerprints, name, key, out var changed);
            if (changed)
            {
                Save();
            }

            return trust;
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
            Save();
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

    private static Dictionary<string, string> Load(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            if (root.GetProperty("version").GetInt32() != FormatVersion)
            {
                throw new InvalidDataException($"{path}: unsupported known-peers format version");
            }

            var peers = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var peer in root.GetProperty("peers").EnumerateObject())
            {
                var fingerprint = peer.Value.GetString();
                // Stored as IdentityPublicKey.FingerprintHex shows it: lower-case hex in groups of four.
                if (fingerprint?.Replace(" ", string.Empty, StringComparison.Ordinal) is not { Length: 64 } compact
                    || !compact.All(char.IsAsciiHexDigitLower))
                {
                    throw new InvalidDataException($"{path}: the fingerprint of '{peer.Name}' is not 64 lower-case hex digits");
                }

                peers[peer.Name] = fingerprint;
            }

            return peers;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            // Refuse to start from an empty table: that would silently re-trust every key.
            throw new InvalidDataException($"{path} is not a known-peers file", e);
        }
    }

    private void Save()
    {
        var directory = Path.GetDirectoryName(_path)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(_path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
                {
                    writer.WriteStartObject();
                    writer.WriteNumber("version", FormatVersion);
                    writer.WriteStartObject("peers");
                    foreach (var (name, fingerprint) in _fingerprints.OrderBy(p => p.Key, StringComparer.Ordinal))
                    {
                        writer.WriteString(name, fingerprint);
                    }

                    writer.WriteEndObject();
                    writer.WriteEndObject();
                }

                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, _path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
