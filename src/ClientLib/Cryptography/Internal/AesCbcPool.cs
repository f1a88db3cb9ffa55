using System.Security.Cryptography;

namespace PyChat.Client.Cryptography.Internal;

/// <summary>
/// A few <see cref="Aes"/> instances keyed with one AES key. An <see cref="Aes"/> object caches its
/// OpenSSL cipher context for the one-shot <c>EncryptCbc</c>/<c>DecryptCbc</c> calls (fast, no
/// per-call key schedule) but is NOT safe for concurrent use, so each caller rents an instance for
/// the duration of one operation. Renting is lock-free; under contention a fresh instance is made.
/// </summary>
internal sealed class AesCbcPool : IDisposable
{
    private readonly Aes?[] _slots = new Aes?[Math.Clamp(Environment.ProcessorCount, 2, 8)];
    private volatile bool _disposed;

    /// <summary>Takes a pooled instance, or makes one keyed with <paramref name="key"/>.</summary>
    public Aes Rent(ReadOnlySpan<byte> key)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        for (int i = 0; i < _slots.Length; i++)
        {
            Aes? aes = Interlocked.Exchange(ref _slots[i], null);
            if (aes is not null)
            {
                return aes;
            }
        }

        var created = Aes.Create();
        created.SetKey(key);
        return created;
    }

    public void Return(Aes aes)
    {
        if (!_disposed)
        {
            for (int i = 0; i < _slots.Length; i++)
            {
                if (Interlocked.CompareExchange(ref _slots[i], aes, null) is null)
                {
                    // Dispose may have drained the slots meanwhile: take it back out if so.
                    if (_disposed && Interlocked.Exchange(ref _slots[i], null) is { } late)
                    {
                        late.Dispose();
                    }

                    return;
                }
            }
        }

        aes.Dispose();
    }

    public void Dispose()
    {
        _disposed = true;
        for (int i = 0; i < _slots.Length; i++)
        {
            Interlocked.Exchange(ref _slots[i], null)?.Dispose();
        }
    }
}
