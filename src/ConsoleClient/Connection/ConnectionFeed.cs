using System.Runtime.CompilerServices;
using System.Threading.Channels;
using PyChat.Client;

namespace PyChat.ConsoleClient.Connection;

/// <summary>
/// The client's connection events (ClientLib's <see cref="PyChatClient.ReadConnectionEventsAsync"/>), read for as long
/// as the session lives and handed to every room that listens now (each window of the room view). ClientLib's stream
/// has one reader and keeps what nobody reads; reading it here instead means a room view entered from the menu sees what
/// happens from then on, not a reconnect that happened while the menu was showing.
/// </summary>
internal sealed class ConnectionFeed : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly Func<bool> _closed;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;
    private readonly List<Channel<ConnectionEvent>> _listeners = [];
    private bool _ended;

    /// <param name="events">The client's connection events; they end after <see cref="ConnectionClosed"/>.</param>
    /// <param name="closed">Whether the client is closed for good (its <see cref="PyChatClient.ConnectionState"/>).</param>
    public ConnectionFeed(IAsyncEnumerable<ConnectionEvent> events, Func<bool> closed)
    {
        _closed = closed;
        _pump = Task.Run(() => PumpAsync(events, _stop.Token), CancellationToken.None);
    }

    /// <summary>The client is closed for good: the events end with <see cref="ConnectionClosed"/>, if they have not yet.</summary>
    public bool IsClosed => _closed();

    /// <summary>The events from now on, until the client's events end (after <see cref="ConnectionClosed"/>).</summary>
    public async IAsyncEnumerable<ConnectionEvent> ListenAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<ConnectionEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        lock (_lock)
        {
            if (_ended)
            {
                channel.Writer.TryComplete();
            }
            else
            {
                _listeners.Add(channel);
            }
        }

        try
        {
            await foreach (var connectionEvent in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return connectionEvent;
            }
        }
        finally
        {
            lock (_lock)
            {
                _listeners.Remove(channel);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _pump;
        _stop.Dispose();
    }

    private async Task PumpAsync(IAsyncEnumerable<ConnectionEvent> events, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var connectionEvent in events.WithCancellation(cancellationToken))
            {
                lock (_lock)
                {
                    foreach (var listener in _listeners)
                    {
                        listener.Writer.TryWrite(connectionEvent);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The session ends.
        }
        finally
        {
            lock (_lock)
            {
                _ended = true;
                foreach (var listener in _listeners)
                {
                    listener.Writer.TryComplete();
                }
            }
        }
    }
}
