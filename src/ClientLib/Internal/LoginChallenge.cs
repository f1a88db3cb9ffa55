namespace PyChat.Client.Internal;

/// <summary>
/// The relay's login challenge. It is single-use (docs/PROTOCOL.md §4): each Register or Login takes the
/// latest one, and after a failed attempt the next attempt waits for the fresh challenge of the new Hello.
/// </summary>
internal sealed class LoginChallenge
{
    private readonly Lock _lock = new();
    private byte[]? _fresh;
    private TaskCompletionSource _offered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Exception? _closed;

    public void Offer(ReadOnlySpan<byte> challenge)
    {
        TaskCompletionSource offered;
        lock (_lock)
        {
            _fresh = challenge.ToArray();
            offered = _offered;
            _offered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        offered.TrySetResult();
    }

    public async Task<byte[]> TakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task offered;
            lock (_lock)
            {
                if (_closed is not null)
                {
                    throw _closed;
                }

                if (_fresh is { } challenge)
                {
                    _fresh = null;
                    return challenge;
                }

                offered = _offered.Task;
            }

            await offered.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Close(Exception error)
    {
        TaskCompletionSource offered;
        lock (_lock)
        {
            _closed = error;
            offered = _offered;
        }

        offered.TrySetException(error);
    }
}
