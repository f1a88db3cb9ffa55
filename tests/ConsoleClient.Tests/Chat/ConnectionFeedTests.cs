using System.Threading.Channels;
using FluentAssertions;
using PyChat.Client;
using PyChat.ConsoleClient.Connection;

namespace PyChat.ConsoleClient.Tests.Chat;

public sealed class ConnectionFeedTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60); // bounds a hang, never a pass
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 12, 1, 2, TimeSpan.Zero);
    private readonly Channel<ConnectionEvent> _client = Channel.CreateUnbounded<ConnectionEvent>();

    [Fact]
    public async Task AListener_GetsWhatHappensWhileItListens_AndEndsAfterTheClientsLastEvent()
    {
        await using var feed = new ConnectionFeed(_client.Reader.ReadAllAsync(), () => false);
        var received = new List<ConnectionEvent>();
        await using var listener = feed.ListenAsync(CancellationToken.None).GetAsyncEnumerator();
        var first = listener.MoveNextAsync().AsTask(); // subscribed from here on

        _client.Writer.TryWrite(new Reconnecting(Now, 1, TimeSpan.FromSeconds(1)));
        (await first.WaitAsync(Guard)).Should().BeTrue();
        received.Add(listener.Current);
        _client.Writer.TryWrite(new Reconnected(Now));
        _client.Writer.TryWrite(new ConnectionClosed(Now, "disposed"));
        _client.Writer.TryComplete();
        while (await listener.MoveNextAsync().AsTask().WaitAsync(Guard))
        {
            received.Add(listener.Current);
        }

        received.Select(e => e.GetType()).Should().Equal(typeof(Reconnecting), typeof(Reconnected), typeof(ConnectionClosed));
    }

    [Fact]
    public async Task AListenerAfterTheEnd_EndsAtOnce()
    {
        await using var feed = new ConnectionFeed(_client.Reader.ReadAllAsync(), () => true);
        _client.Writer.TryComplete();

        // The feed's reading ends on its own task; a listener that comes before that sees the end when it comes.
        await using var listener = feed.ListenAsync(CancellationToken.None).GetAsyncEnumerator();

        (await listener.MoveNextAsync().AsTask().WaitAsync(Guard)).Should().BeFalse();
        feed.IsClosed.Should().BeTrue();
    }

    [Fact]
    public async Task EveryListener_GetsEveryEvent_AndOneThatStopped_NoLongerCounts()
    {
        // Each window of the room view listens: a reconnect is news in every room.
        await using var feed = new ConnectionFeed(_client.Reader.ReadAllAsync(), () => false);
        var first = feed.ListenAsync(CancellationToken.None).GetAsyncEnumerator();
        await using var second = feed.ListenAsync(CancellationToken.None).GetAsyncEnumerator();
        var firstNext = first.MoveNextAsync().AsTask();
        var secondNext = second.MoveNextAsync().AsTask();

        _client.Writer.TryWrite(new Reconnected(Now));

        (await firstNext.WaitAsync(Guard)).Should().BeTrue();
        first.Current.Should().BeOfType<Reconnected>();
        (await secondNext.WaitAsync(Guard)).Should().BeTrue();
        second.Current.Should().BeOfType<Reconnected>();

        await first.DisposeAsync(); // that window was closed
        _client.Writer.TryWrite(new ConnectionClosed(Now, "disposed"));
        _client.Writer.TryComplete();
        (await second.MoveNextAsync().AsTask().WaitAsync(Guard)).Should().BeTrue();
        second.Current.Should().BeOfType<ConnectionClosed>();
        (await second.MoveNextAsync().AsTask().WaitAsync(Guard)).Should().BeFalse();
    }
}
