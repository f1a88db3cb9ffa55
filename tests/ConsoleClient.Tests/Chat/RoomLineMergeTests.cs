using System.Threading.Channels;
using FluentAssertions;
using PyChat.ConsoleClient.Chat;
using PyChat.ConsoleClient.Rendering;

namespace PyChat.ConsoleClient.Tests.Chat;

public sealed class RoomLineMergeTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60); // bounds a hang, never a pass
    private readonly Channel<RoomLine> _room = Channel.CreateUnbounded<RoomLine>();
    private readonly Channel<RoomLine> _connection = Channel.CreateUnbounded<RoomLine>();
    private bool _closed;

    private IAsyncEnumerator<RoomLine> Merge(CancellationToken cancellationToken = default) =>
        RoomLineMerge.MergeAsync(_room.Reader.ReadAllAsync(), _connection.Reader.ReadAllAsync(), () => _closed, cancellationToken)
            .GetAsyncEnumerator(cancellationToken);

    [Fact]
    public async Task LinesOfBoth_ComeAsTheyArrive_AndTheRoomsEndEndsIt()
    {
        await using var merged = Merge();

        _connection.Writer.TryWrite(RoomLine.Event(default, "connected again"));
        (await NextAsync(merged)).Text.Should().Be("connected again");
        _room.Writer.TryWrite(RoomLine.Event(default, "back; nothing missed"));
        (await NextAsync(merged)).Text.Should().Be("back; nothing missed");

        _room.Writer.TryComplete();
        (await merged.MoveNextAsync().AsTask().WaitAsync(Guard)).Should().BeFalse("the connection's lines alone do not keep the room open");
    }

    [Fact]
    public async Task ClosedForGood_TheConnectionsLastLineComesBeforeTheRoomsFailure()
    {
        await using var merged = Merge();
        _closed = true;
        _room.Writer.TryComplete(new InvalidOperationException("closed"));
        var next = merged.MoveNextAsync().AsTask();

        _connection.Writer.TryWrite(RoomLine.Warning(default, "connection closed for good, not reconnecting: gone", loud: true));
        _connection.Writer.TryComplete();

        (await next.WaitAsync(Guard)).Should().BeTrue();
        merged.Current.Text.Should().StartWith("connection closed for good");
        var end = () => merged.MoveNextAsync().AsTask().WaitAsync(Guard);
        await end.Should().ThrowAsync<InvalidOperationException>().WithMessage("closed");
    }

    [Fact]
    public async Task TheRoomEndingWhileTheConnectionLives_FailsAtOnce()
    {
        await using var merged = Merge();
        _room.Writer.TryComplete(new InvalidOperationException("room ended while you were away"));

        var next = () => merged.MoveNextAsync().AsTask().WaitAsync(Guard);

        await next.Should().ThrowAsync<InvalidOperationException>();
    }

    [Fact]
    public async Task Cancellation_EndsTheWait_AndStopsReadingBothSources()
    {
        using var cancel = new CancellationTokenSource();
        await using var merged = Merge(cancel.Token);
        var next = merged.MoveNextAsync().AsTask();

        await cancel.CancelAsync();

        var wait = () => next.WaitAsync(Guard);
        await wait.Should().ThrowAsync<OperationCanceledException>();
    }

    private static async Task<RoomLine> NextAsync(IAsyncEnumerator<RoomLine> lines)
    {
        (await lines.MoveNextAsync().AsTask().WaitAsync(Guard)).Should().BeTrue();
        return lines.Current;
    }
}
