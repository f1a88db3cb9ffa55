using PyChat.ConsoleClient.Chat;
using PyChat.ConsoleClient.Connection;
using PyChat.ConsoleClient.Identity;
using PyChat.ConsoleClient.Rendering;
using PyChat.Protocol;
using Spectre.Console;

namespace PyChat.ConsoleClient.Commands;

/// <summary>
/// <c>pychat</c> with no command: the menu a person meets. First run sets up the identity (see
/// <see cref="InitCommand"/>); later runs ask the password once. Then: create a room, join one by name,
/// list rooms, quit. A refused join (full, unknown) is reported and the menu comes back.
/// </summary>
internal static class MenuCommand
{
    private const string Create = "Create a room";
    private const string Join = "Join a room";
    private const string List = "List rooms";
    private const string Quit = "Quit";

    public static async Task<ExitCode> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        if (!context.Environment.IsInteractive || !context.IsRich)
        {
            throw new UsageException("The menu needs a terminal. In scripts use a command, e.g. 'pychat rooms' (see 'pychat help').");
        }

        var terminal = context.Environment.Terminal;
        terminal.Write(new Rule("[bold deepskyblue1]PyChat[/] [grey]end-to-end encrypted group chat[/]").LeftJustified());
        var firstRun = context.Settings.User is null || !IdentityStore.Exists(context.Settings.Home);
        if (firstRun)
        {
            terminal.MarkupLine("Welcome! Let's create your identity: a key that proves who you are, kept in a file locked by your password.");
        }

        await using var session = firstRun
            ? await InitCommand.RegisterAsync(context, cancellationToken)
            : await context.LoginAsync(cancellationToken);
        terminal.MarkupLine($"Logged in as [bold]{Markup.Escape(session.User)}[/] at [grey]{Markup.Escape(context.Settings.Relay?.ToString() ?? "")}[/].");
        while (true)
        {
            var choice = await terminal.AskAsync(new SelectionPrompt<string>().Title("What next?").AddChoices(Join, Create, List, Quit), cancellationToken);
            if (choice == Quit)
            {
                return ExitCode.Ok;
            }

            if (choice == List)
            {
                var rooms = await session.Client.ListRoomsAsync(cancellationToken);
                context.Output.WriteRooms(rooms.Select(r => new RoomRow(r.Name, r.Members, r.Capacity)).ToList());
                continue;
            }

            var room = await EnterAsync(context, session, choice == Create, cancellationToken);
            if (room is null)
            {
                continue;
            }

            await using (room)
            {
                if (await SessionLobby.RunViewAsync(context, session, room, cancellationToken) == RoomExit.Quit)
                {
                    return ExitCode.Ok;
                }
            }
        }
    }

    private static async Task<IChatRoom?> EnterAsync(CommandContext context, RelaySession session, bool create, CancellationToken cancellationToken)
    {
        var name = (await context.Environment.Terminal.AskAsync(new TextPrompt<string>(create ? "Name of the new room:" : "Room to join:")
            .Validate(text => Names.IsValid(text.Trim().ToLowerInvariant())
                ? ValidationResult.Success()
                : ValidationResult.Error($"Use 1-{ProtocolLimits.MaxNameLength} characters a-z, 0-9, '-', '_', '.', starting with a letter or digit.")), cancellationToken))
            .Trim().ToLowerInvariant();
        try
        {
            return create
                ? await session.CreateAsync(name, cancellationToken)
                : await session.EnterAsync(name, create: false, cancellationToken);
        }
        catch (CommandFailedException e) when (e.ExitCode is ExitCode.RoomFull or ExitCode.UnknownRoom or ExitCode.RoomExists)
        {
            var terminal = context.Environment.Terminal;
            if (e.ExitCode == ExitCode.UnknownRoom)
            {
                return await terminal.AskAsync(new ConfirmationPrompt($"No active room is called '{name}'. Create it?") { DefaultValue = false }, cancellationToken)
                    ? await session.CreateAsync(name, cancellationToken)
                    : null;
            }

            terminal.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
            return null;
        }
    }
}
