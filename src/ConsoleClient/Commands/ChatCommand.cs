using PyChat.ConsoleClient.Chat;

namespace PyChat.ConsoleClient.Commands;

/// <summary>
/// <c>pychat chat ROOM</c>: the room view. At a terminal, an input line under the conversation; with
/// standard input redirected, each input line is a message or a /command and end of input is /quit.
/// </summary>
internal static class ChatCommand
{
    public static async Task<ExitCode> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var command = context.Command;
        await using var session = await context.LoginAsync(cancellationToken);
        await using var room = await session.EnterAsync(command.Room, command.Options.Create, cancellationToken);
        await SessionLobby.RunViewAsync(context, session, room, cancellationToken);
        return ExitCode.Ok;
    }
}
