using System.Diagnostics.CodeAnalysis;
using PyChat.Client.Cryptography;

namespace PyChat.Client.Internal;

/// <summary>
/// The room keys one session holds, by epoch: the current one, and replaced ones until their grace
/// period ends (docs/PROTOCOL.md §6.2). Also remembers the highest epoch seen and epochs whose Rekey
/// carried no usable key for this member.
/// </summary>
internal sealed class EpochKeyring(TimeSpan gracePeriod) : IDisposable
{
    private const int MissedEpochsRemembered = 64;
    private readonly Dictionary<uint, Entry> _keys = [];
    private readonly SortedSet<uint> _missed = [];
    private bool _everKeyed;

    /// <summary>The highest epoch installed or announced by a valid Rekey; the next hub epoch is one more.</summary>
    public uint HighestSeen { get; private set; }

    /// <summary>The epoch messages are sent with; 0 before the first key.</summary>
    public uint CurrentEpoch { get; private set; }

    public FernetKey? CurrentKey => CurrentEpoch == 0 ? null : _keys[CurrentEpoch].Key;

    /// <summary>When the current key was installed.</summary>
    public DateTimeOffset CurrentSince { get; private set; }

    public void Install(uint epoch, FernetKey key, DateTimeOffset now)
    {
        _everKeyed = true;
        Observe(epoch);
        if (CurrentEpoch != 0)
        {
            _keys[CurrentEpoch].RetiresAt = now + gracePeriod;
        }

        _keys[epoch] = new Entry(key);
        CurrentEpoch = epoch;
        CurrentSince = now;
    }

    /// <summary>A valid Rekey for <paramref name="epoch"/> arrived but held no key this member could open.</summary>
    public void MarkMissed(uint epoch)
    {
        // Only a member that has held a key counts from a Rekey that did not key it. A joiner cannot tell a
        // replayed old Rekey from a current one, and taking its epoch as the floor would make it refuse the
        // Rekey that does key it (docs/PROTOCOL.md §6.2).
        if (_everKeyed)
        {
            Observe(epoch);
        }

        _missed.Add(epoch);
        if (_missed.Count > MissedEpochsRemembered)
        {
            _missed.Remove(_missed.Min);
        }
    }

    public bool WasMissed(uint epoch) => _missed.Contains(epoch);

    /// <summary>The key of <paramref name="epoch"/> if it is held and not past its grace period.</summary>
    public bool TryGet(uint epoch, DateTimeOffset now, [NotNullWhen(true)] out FernetKey? key)
    {
        key = _keys.TryGetValue(epoch, out var entry) && (entry.RetiresAt is null || now < entry.RetiresAt) ? entry.Key : null;
        return key is not null;
    }

    /// <summary>Forgets (and zeroes) keys whose grace period has ended.</summary>
    public void RetireExpired(DateTimeOffset now)
    {
        foreach (var (epoch, entry) in _keys.Where(e => e.Value.RetiresAt <= now).ToList())
        {
            entry.Key.Dispose();
            _keys.Remove(epoch);
        }
    }

    public void Dispose()
    {
        foreach (var entry in _keys.Values)
        {
            entry.Key.Dispose();
        }

        _keys.Clear();
        CurrentEpoch = 0;
    }

    private void Observe(uint epoch) => HighestSeen = Math.Max(HighestSeen, epoch);

    private sealed class Entry(FernetKey key)
    {
        public FernetKey Key { get; } = key;

        public DateTimeOffset? RetiresAt { get; set; }
    }
}
