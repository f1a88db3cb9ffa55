using PyChat.ConsoleClient.Rendering;

namespace PyChat.ConsoleClient.Commands;

/// <summary>
/// <c>pychat read ROOM [--seconds N] [--count N]</c>: join the room (or create it, with --create), print every
/// message and event for N seconds (default 10) or until --count messages came, whichever is first, leave.
/// </summary>
internal static class ReadCommand
{
    public static async Task<ExitCode> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var command = context.Command;
        await using var session = await context.LoginAsync(cancellationToken);
        await using var room = await session.EnterAsync(command.Room, command.Options.Create, cancellationToken);
        var seconds = command.Options.Seconds ?? CommandOptions.DefaultReadSeconds;
        using var listening = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        listening.CancelAfter(TimeSpan.FromSeconds(seconds));
        var messagesLeft = command.Options.Count ?? int.MaxValue;
        try
        {
            await foreach (var line in room.ReadAsync(listening.Token))
            {
                context.Output.Write(line);
                if (line.Kind == RoomLineKind.Message && --messagesLeft == 0)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (listening.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Time is up.
        }

        await room.LeaveAsync(cancellationToken);
        return ExitCode.Ok;
    }
}
