namespace PyChat.Client.Cryptography.Internal;

/// <summary>
/// A few <see cref="FernetCipher"/> instances of one key. Each caller rents an instance for the
/// duration of one operation, since the cached OpenSSL contexts inside are not safe for concurrent
/// use. Renting is lock-free; under contention a fresh instance is made (and dropped if no slot is
/// free on return).
/// </summary>
internal sealed class FernetCipherPool : IDisposable
{
    private readonly FernetCipher?[] _slots = new FernetCipher?[Math.Clamp(Environment.ProcessorCount, 2, 8)];
    private volatile bool _disposed;

    /// <summary>Takes a pooled instance, or makes one with the given keys.</summary>
    public FernetCipher Rent(ReadOnlySpan<byte> signingKey, ReadOnlySpan<byte> encryptionKey)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        for (int i = 0; i < _slots.Length; i++)
        {
            FernetCipher? cipher = Interlocked.Exchange(ref _slots[i], null);
            if (cipher is not null)
            {
                return cipher;
            }
        }

        return new FernetCipher(signingKey, encryptionKey);
    }

    /// <summary>Puts an instance back; a faulted one (an operation threw part-way) is disposed instead.</summary>
    public void Return(FernetCipher cipher)
    {
        if (!_disposed && !cipher.Faulted)
        {
            for (int i = 0; i < _slots.Length; i++)
            {
                if (Interlocked.CompareExchange(ref _slots[i], cipher, null) is null)
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

        cipher.Dispose();
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
