using System.Runtime.CompilerServices;
using System.Threading.Channels;
using PyChat.ConsoleClient.Rendering;

namespace PyChat.ConsoleClient.Chat;

/// <summary>
/// The room's lines and the connection's lines as one stream, each line as it comes. The room decides the end: its
/// lines end when it is left or the connection is closed for good, and the merged stream ends (or fails) with them.
/// When the connection is closed for good the room ends just before the connection's last line (ClientLib ends every
/// room, then raises ConnectionClosed), so the merge waits for the connection's lines to end first: the user reads why.
/// </summary>
internal static class RoomLineMerge
{
    public static async IAsyncEnumerable<RoomLine> MergeAsync(
        IAsyncEnumerable<RoomLine> room,
        IAsyncEnumerable<RoomLine> connection,
        Func<bool> connectionClosed,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var lines = Channel.CreateUnbounded<RoomLine>(new UnboundedChannelOptions { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var connectionPump = PumpAsync(connection, lines.Writer, stop.Token);
        var roomPump = PumpRoomAsync(room, lines.Writer, connectionPump, connectionClosed, stop.Token);
        try
        {
            await foreach (var line in lines.Reader.ReadAllAsync(cancellationToken))
            {
                yield return line;
            }
        }
        finally
        {
            // Both readers stop before the enumeration ends, so that the next view can read the same sources.
            await stop.CancelAsync();
            await Task.WhenAll(connectionPump, roomPump);
        }
    }

    private static async Task PumpRoomAsync(
        IAsyncEnumerable<RoomLine> room, ChannelWriter<RoomLine> lines, Task connectionPump, Func<bool> connectionClosed, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            await foreach (var line in room.WithCancellation(cancellationToken))
            {
                lines.TryWrite(line);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
#pragma warning disable CA1031 // Not handled here: handed on to the reader, after the connection's last line.
        catch (Exception e)
#pragma warning restore CA1031
        {
            failure = e;
        }

        if (failure is not null && connectionClosed())
        {
            await connectionPump;
        }

        lines.TryComplete(failure);
    }

    private static async Task PumpAsync(IAsyncEnumerable<RoomLine> source, ChannelWriter<RoomLine> lines, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var line in source.WithCancellation(cancellationToken))
            {
                lines.TryWrite(line);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The reader stopped.
        }
#pragma warning disable CA1031 // Not handled here: a source that fails ends the stream with its failure.
        catch (Exception e)
#pragma warning restore CA1031
        {
            lines.TryComplete(e);
        }
    }
}
