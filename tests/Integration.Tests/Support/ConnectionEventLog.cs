using PyChat.Client;

namespace PyChat.Integration.Tests.Support;

/// <summary>Reads a client's connection events continuously and lets a test wait for some.</summary>
public sealed class ConnectionEventLog : IAsyncDisposable
{
    private readonly List<ConnectionEvent> _events = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;

    public ConnectionEventLog(PyChatClient client) => _reading = Task.Run(() => ReadAsync(client));

    public IReadOnlyList<ConnectionEvent> Snapshot()
    {
        lock (_events)
        {
            return [.. _events];
        }
    }

    /// <summary>Waits until an event of type <typeparamref name="T"/> beyond the first <paramref name="skip"/> of them arrived.</summary>
    public async Task<T> WaitForAsync<T>(int skip = 0)
        where T : ConnectionEvent
    {
        var deadline = DateTime.UtcNow + RoomEventLog.Patience;
        while (true)
        {
            if (Snapshot().OfType<T>().Skip(skip).FirstOrDefault() is { } found)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"gave up waiting for {typeof(T).Name}; saw: {string.Join(", ", Snapshot().Select(e => e.GetType().Name))}");
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _reading;
        }
        catch (Exception e) when (e is OperationCanceledException or PyChatException)
        {
        }

        _stop.Dispose();
    }

    private async Task ReadAsync(PyChatClient client)
    {
        await foreach (var e in client.ReadConnectionEventsAsync(_stop.Token))
        {
            lock (_events)
            {
                _events.Add(e);
            }
        }
    }
}
