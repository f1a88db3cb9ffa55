using PyChat.Client;

namespace PyChat.Integration.Tests.Support;

/// <summary>Reads a room's events continuously (as an application must) and lets a test wait for some.</summary>
public sealed class RoomEventLog : IAsyncDisposable
{
    /// <summary>A guard against hanging, never an assertion about speed.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly List<RoomEvent> _events = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;

    public RoomEventLog(ChatRoom room) => _reading = Task.Run(() => ReadAsync(room));

    public IReadOnlyList<RoomEvent> Snapshot()
    {
        lock (_events)
        {
            return [.. _events];
        }
    }

    public IReadOnlyList<MessageReceived> Messages() => [.. Snapshot().OfType<MessageReceived>()];

    /// <summary>Waits until <paramref name="condition"/> holds; fails after <see cref="Patience"/>.</summary>
    public async Task WaitUntilAsync(Func<IReadOnlyList<RoomEvent>, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition(Snapshot()))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"gave up waiting for {what}; saw: {string.Join(", ", Snapshot().Select(Describe))}");
            }

            await Task.Delay(20);
        }
    }

    public Task WaitForMessageAsync(string text) =>
        WaitUntilAsync(events => events.OfType<MessageReceived>().Any(m => m.Text == text), $"message '{text}'");

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

    /// <summary>The last <paramref name="count"/> events, short, for a failure's message.</summary>
    public string Tail(int count) => string.Join(", ", Snapshot().TakeLast(count).Select(Describe));

    private static string Describe(RoomEvent e) => e switch
    {
        MessageReceived m => $"msg({m.Sender}:{m.Text})",
        MessageRejected r => $"rejected({r.Sender}:{r.Reason}: {r.Detail})",
        HubChanged h => $"hub({h.Hub})",
        KeyRotated k => $"key({k.Epoch} from {k.Hub})",
        MemberAway a => $"away({a.Member})",
        MemberBack b => $"back({b.Member})",
        MemberJoined j => $"joined({j.Member})",
        MemberLeft l => $"left({l.Member})",
        _ => e.GetType().Name,
    };

    private async Task ReadAsync(ChatRoom room)
    {
        await foreach (var e in room.ReadEventsAsync(_stop.Token))
        {
            lock (_events)
            {
                _events.Add(e);
            }
        }
    }
}
