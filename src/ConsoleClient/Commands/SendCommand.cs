namespace PyChat.ConsoleClient.Commands;

/// <summary>
/// <c>pychat send ROOM TEXT...</c> or <c>... | pychat send ROOM -</c>: join the room (or create it, with --create),
/// wait for the room key, send one message, leave. Prints nothing on success.
/// </summary>
internal static class SendCommand
{
    public static async Task<ExitCode> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var command = context.Command;
        var text = command.TextFromInput ? await MessageFromInput.ReadAsync(context, cancellationToken) : command.Text;
        if (Chat.MessageLength.Problem(text) is { } tooLong)
        {
            throw new UsageException(tooLong); // before the password is asked or the relay is reached
        }

        await using var session = await context.LoginAsync(cancellationToken);
        await using var room = await session.EnterAsync(command.Room, command.Options.Create, cancellationToken);
        await room.SendAsync(text, cancellationToken);
        await room.LeaveAsync(cancellationToken);
        return ExitCode.Ok;
    }
}
