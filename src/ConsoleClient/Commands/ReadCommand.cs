using PyChat.ConsoleClient.Rendering;

namespace PyChat.ConsoleClient.Commands;

/// <summary>
/// <c>pychat read ROOM [--seconds N | --follow] [--count N] [--no-self] [--json]</c>: join the room (or create it,
/// with --create), print every message and event for N seconds (default 10), or until interrupted with --follow,
/// or until --count messages came, whichever is first; then leave.
/// </summary>
internal static class ReadCommand
{
    public static async Task<ExitCode> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var options = context.Command.Options;
        await using var session = await context.LoginAsync(cancellationToken);
        await using var room = await session.EnterAsync(context.Command.Room, options.Create, cancellationToken);
        using var output = context.ForRoom(room);
        using var listening = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (!options.Follow)
        {
            listening.CancelAfter(TimeSpan.FromSeconds(options.Seconds ?? CommandOptions.DefaultReadSeconds));
        }

        var messagesLeft = options.Count ?? int.MaxValue;
        try
        {
            await foreach (var line in room.ReadAsync(listening.Token))
            {
                output.Write(line); // with --no-self, the user's own messages are left out, and not counted
                if (line.Kind == RoomLineKind.Message && !(options.NoSelf && line.IsMessageFrom(room.Self)) && --messagesLeft == 0)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (listening.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Time is up.
        }
        catch (OperationCanceledException) when (options.Follow && cancellationToken.IsCancellationRequested)
        {
            // Interrupted is how --follow is meant to end (Ctrl+C, or SIGTERM from a service manager): leave, exit 0.
            using var leaving = new CancellationTokenSource(context.Settings.Timeout);
            await room.LeaveAsync(leaving.Token);
            return ExitCode.Ok;
        }

        await room.LeaveAsync(cancellationToken);
        return ExitCode.Ok;
    }
}
