using PyChat.Client;
using PyChat.ConsoleClient.Commands;
using PyChat.ConsoleClient.Rendering;

namespace PyChat.ConsoleClient.Chat;

/// <summary>
/// The room view: what happens in the rooms streams out while the user types.
/// 1. Each room's lines are written as they arrive (<see cref="RoomWindow"/>): the room on screen's straight away, the
///    others' kept, with an unread count in the prompt, until <c>/win N</c> (or Alt+N) puts them on screen.
/// 2. The input loop reads a line, parses it (<see cref="RoomInputParser"/>) and sends it to the room on screen (without
///    waiting for the relay: <see cref="OwnMessages"/> shows the outcome) or runs it. A line that holds pasted text is a
///    message as it is, however many lines it has: nothing pasted is ever run as a command.
/// 3. <c>/join</c> and <c>/create</c> open another room in a window of its own (with an <see cref="IRoomLobby"/>);
///    <c>/leave</c> leaves the room on screen, and leaving the last one, <c>/quit</c> or end of input ends the view. The
///    end of a room's lines means the connection is closed for good, which ends the view with the failure that caused it.
/// A dropped connection does not end the view: ClientLib reconnects by itself and the room's lines say so. The input
/// line belongs to the terminal, not to the connection, so what is being typed stays; sends wait in ClientLib's outbox
/// meanwhile and get their ✓ once the room has resumed.
/// </summary>
internal sealed class RoomView(IChatRoom room, ILineInput input, IChatOutput output, IRoomLobby? lobby = null)
{
    private readonly Lock _gate = new(); // the windows, read by the status from the rooms' tasks
    private readonly List<RoomWindow> _windows = [];
    private int _onScreen;

    /// <summary>The room on screen (Tab completes its members' names).</summary>
    public IChatRoom ActiveRoom
    {
        get
        {
            lock (_gate)
            {
                return _windows.Count == 0 ? room : _windows[_onScreen].Room;
            }
        }
    }

    private RoomWindow OnScreen
    {
        get
        {
            lock (_gate)
            {
                return _windows[_onScreen];
            }
        }
    }

    public async Task<RoomExit> RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Open(room, ownsRoom: false, heading: null, stop.Token);
        try
        {
            Task<InputLine?>? read = null; // a read under way stays under way while a room ends
            while (true)
            {
                read ??= input.ReadLineAsync(stop.Token);
                var windows = Snapshot();
                var ended = await Task.WhenAny([read, .. windows.Select(w => w.Events)]);
                if (ended != read)
                {
                    // Ctrl+C stops the rooms' lines and the input line both, and the lines may stop first: not a closed connection.
                    cancellationToken.ThrowIfCancellationRequested();
                    if (windows.Length > 1 && lobby is { ConnectionClosed: false })
                    {
                        // One room ended (the relay refused it on a resume, say) while the connection goes on: the others stay.
                        var gone = windows.First(w => w.Events == ended);
                        await RemoveAsync(gone, $"You are no longer in {gone.Room.Name}: {Reason(ended)}.");
                        continue;
                    }

                    await ended; // rethrows what ended the connection
                    throw new CommandFailedException(ExitCode.RelayUnreachable, "The connection to the relay was closed.");
                }

                var line = await read;
                read = null;
                var exit = line is null ? RoomExit.Quit : await HandleAsync(RoomInputParser.Parse(line), stop.Token);
                if (exit is not null)
                {
                    // What was typed before /leave, /quit or the end of a script goes out first.
                    foreach (var window in Snapshot())
                    {
                        await window.LeaveAsync(cancellationToken);
                    }

                    return exit.Value;
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            foreach (var window in Snapshot())
            {
                await window.DisposeAsync();
            }
        }
    }

    private RoomWindow[] Snapshot()
    {
        lock (_gate)
        {
            return [.. _windows];
        }
    }

    /// <summary>A window for <paramref name="entered"/>, put on screen; its greeting comes before its first line.</summary>
    private void Open(IChatRoom entered, bool ownsRoom, string? heading, CancellationToken viewStopping)
    {
        // Without a lobby the one window is always on screen, and the output it was given already holds the room's chain.
        var window = new WindowOutput(output, entered.Self, RefreshStatus, input as ITerminalFocus);
        var roomOutput = lobby?.OutputFor(entered, window);
        var lines = (IChatOutput?)roomOutput ?? window;
        lines.Write(RoomLine.Notice($"{Greeting(entered)} Type a message, or /help for commands."));
        var opened = new RoomWindow(entered, window, lines, roomOutput, ownsRoom, viewStopping);
        int index;
        lock (_gate)
        {
            _windows.Add(opened);
            index = _windows.Count - 1;
        }

        Show(index, heading);
    }

    private void Show(int index, string? heading)
    {
        RoomWindow shown;
        lock (_gate)
        {
            if (index != _onScreen)
            {
                _windows[_onScreen].Window.Hide();
                _onScreen = index;
            }

            shown = _windows[index];
        }

        // Written outside the gate: the screen's writes take the input line's lock, which holds the gate's readers (Tab).
        shown.Window.Show(heading);
        RefreshStatus();
    }

    private async Task<RoomExit?> HandleAsync(RoomInput? typed, CancellationToken cancellationToken)
    {
        var window = OnScreen;
        var room = window.Room;
        var output = window.Output;
        switch (typed)
        {
            case RoomInput.Say say when MessageLength.Problem(say.Text) is { } tooLong:
                output.Write(RoomLine.Notice($"{Marks.NotSent} {tooLong}"));
                return null;
            case RoomInput.Say say:
                if (!room.HasKey)
                {
                    output.Write(RoomLine.Notice(KeyWaitNotice(room)));
                }

                window.OwnMessages.Send(say.Text, cancellationToken);
                return null;
            case RoomInput.Who:
                output.WriteMembers(room.Name, room.Members);
                return null;
            case RoomInput.Keys:
                output.Write(RoomLine.Notice(KeysNotice(room.KeyHistory)));
                return null;
            case RoomInput.Verify verify when IsMember(room, output, verify.Member):
                output.Write(RoomLine.Notice(
                    $"Safety number with {verify.Member}: {room.SafetyNumberWith(verify.Member)}\n" +
                    $"Compare it with {verify.Member} in person or by phone. If it matches, no one is in the middle. If not, do not trust this key."));
                return null;
            case RoomInput.Trust trust when IsMember(room, output, trust.Member):
                await room.TrustAsync(trust.Member, cancellationToken);
                output.Write(RoomLine.Notice($"You now trust {trust.Member}'s current key."));
                return null;
            case RoomInput.Verify or RoomInput.Trust:
                return null;
            case RoomInput.Join join:
                await JoinAsync(join, output, cancellationToken);
                return null;
            case RoomInput.Window switchTo:
                SwitchTo(switchTo.Number, output);
                return null;
            case RoomInput.Rooms:
                await ListAsync(output, cancellationToken);
                return null;
            case RoomInput.Help:
                output.Write(RoomLine.Notice(RoomInputParser.HelpText));
                return null;
            case RoomInput.Invalid invalid:
                output.Write(RoomLine.Notice(invalid.Problem));
                return null;
            case RoomInput.Leave when Snapshot().Length > 1:
                await CloseAsync(window, cancellationToken);
                return null;
            case RoomInput.Leave:
                return RoomExit.Left;
            case RoomInput.Quit:
                return RoomExit.Quit;
            default:
                return null;
        }
    }

    private async Task JoinAsync(RoomInput.Join join, IChatOutput output, CancellationToken cancellationToken)
    {
        if (lobby is null)
        {
            output.Write(RoomLine.Notice("This view holds one room."));
            return;
        }

        var windows = Snapshot();
        if (Array.FindIndex(windows, w => w.Room.Name == join.Room) is var open and >= 0)
        {
            SwitchTo(open + 1, output);
            return;
        }

        IChatRoom entered;
        try
        {
            entered = await lobby.EnterAsync(join.Room, join.Create, cancellationToken);
        }
        catch (CommandFailedException refused)
        {
            output.Write(RoomLine.Notice(refused.ExitCode == ExitCode.UnknownRoom
                ? $"No active room is called '{join.Room}'. /create {join.Room} makes it; /rooms lists the active ones."
                : refused.Message));
            return;
        }
        catch (PyChatException failed)
        {
            output.Write(RoomLine.Notice($"Could not enter {join.Room}: {Said(failed)}."));
            return;
        }

        Open(entered, ownsRoom: true, Heading(windows.Length, entered), cancellationToken);
    }

    private void SwitchTo(int number, IChatOutput output)
    {
        var windows = Snapshot();
        if (number > windows.Length)
        {
            output.Write(RoomLine.Notice(windows.Length == 1
                ? "There is one window. /join ROOM opens another."
                : $"There are windows 1 to {windows.Length}. /rooms lists them."));
            return;
        }

        if (windows[number - 1] != OnScreen)
        {
            Show(number - 1, Heading(number - 1, windows[number - 1].Room));
        }
    }

    /// <summary>Leaves the room on screen (others stay open); the window before it comes on screen.</summary>
    private async Task CloseAsync(RoomWindow window, CancellationToken cancellationToken)
    {
        var said = $"You left {window.Room.Name}.";
        try
        {
            await window.LeaveAsync(cancellationToken);
        }
        catch (PyChatException failed)
        {
            // The relay did not confirm; ClientLib forgets the room all the same, so the window goes.
            said = $"You left {window.Room.Name}; the relay did not confirm it: {Said(failed)}.";
        }

        await RemoveAsync(window, said);
    }

    /// <summary>
    /// Closes <paramref name="window"/> and says <paramref name="said"/>. When it was on screen, the one before it comes on
    /// screen; a window that closes out of sight leaves the screen as it is.
    /// </summary>
    private async Task RemoveAsync(RoomWindow window, string said)
    {
        bool wasOnScreen;
        int onScreen;
        lock (_gate)
        {
            var index = _windows.IndexOf(window);
            wasOnScreen = index == _onScreen;
            _windows.RemoveAt(index);
            if (index < _onScreen || (wasOnScreen && index > 0))
            {
                _onScreen--;
            }

            onScreen = _onScreen;
        }

        await window.DisposeAsync();
        var shown = Snapshot()[onScreen];
        shown.Output.Write(RoomLine.Notice(said));
        if (wasOnScreen)
        {
            shown.Window.Show(Heading(onScreen, shown.Room));
        }

        RefreshStatus();
    }

    private static string Reason(Task ended) => ended.Exception?.GetBaseException() is { } failure ? Said(failure) : "the room ended";

    /// <summary>An exception's message inside a sentence of the view's own.</summary>
    private static string Said(Exception failure) => failure.Message.TrimEnd('.');

    private async Task ListAsync(IChatOutput output, CancellationToken cancellationToken)
    {
        var windows = Snapshot();
        var onScreen = OnScreen;
        output.Write(RoomLine.Notice("Your windows:\n" + string.Join('\n', windows.Select((w, i) =>
            $"  {i + 1} {w.Room.Name}" + (w == onScreen ? " (on screen)" : w.Window.Unread > 0 ? $": {w.Window.Unread} unread" : "")))));
        if (lobby is not null)
        {
            try
            {
                output.WriteRooms(await lobby.ListRoomsAsync(cancellationToken));
            }
            catch (PyChatException failed)
            {
                output.Write(RoomLine.Notice($"The relay's rooms could not be listed: {Said(failed)}."));
            }
        }
    }

    private static string Heading(int index, IChatRoom shown) => $"── window {index + 1}: {shown.Name} ──";

    /// <summary>
    /// The status the prompt shows with more than one window: every window with its number and unread count (! when a
    /// message names you), the one on screen in brackets, then the connection's trouble if it has any. One window needs
    /// none: its lines say what happens to the connection.
    /// </summary>
    internal string Status()
    {
        if (lobby is null)
        {
            return "";
        }

        var trouble = lobby.ConnectionTrouble;
        string[] windows;
        lock (_gate)
        {
            if (_windows.Count <= 1)
            {
                return "";
            }

            windows = _windows.Select((w, i) => i == _onScreen
                ? $"[{i + 1}:{w.Room.Name}]"
                : w.Window.Unread > 0 ? $"{i + 1}:{w.Room.Name}({w.Window.Unread}{(w.Window.UnreadMention ? "!" : "")})" : $"{i + 1}:{w.Room.Name}").ToArray();
        }

        return string.Join(' ', windows) + (trouble is null ? "" : $" · {trouble}");
    }

    private void RefreshStatus()
    {
        if (input is IStatusLine statusLine)
        {
            statusLine.ShowStatus(Status);
        }
    }

    /// <summary>Why a message was not sent, and the three ways on.</summary>
    internal static string HeldNotice(IReadOnlyList<string> members)
    {
        var first = members[0];
        return $"Not sent: the identity key of {string.Join(", ", members)} changed and you have not trusted it, so nothing you type is sent. " +
            $"Compare safety numbers with /verify {first}; if they match, /trust {first}. Or /leave.";
    }

    /// <summary>A message the relay refused or that got no key or acknowledgement: said plainly, with the text so it can be sent again.</summary>
    internal static string NotSentNotice(Exception error, string text)
    {
        var reason = error switch
        {
            PyChatRelayException { Code: Protocol.ErrorCode.RateLimited } => "the relay refused it: too many messages at once",
            PyChatRelayException { Code: Protocol.ErrorCode.FrameTooLarge } => "the relay refused it: the message is too long",
            PyChatRelayException { Code: Protocol.ErrorCode.NotMember } => "you are no longer a member of this room",
            PyChatRelayException relay => $"the relay refused it ({relay.Code})",
            _ => error.Message,
        };
        return $"{Marks.NotSent} Not sent: {reason}. Your message was: {text}";
    }

    internal static string KeysNotice(IReadOnlyList<KeyEpochRow> keys) =>
        keys.Count == 0
            ? "No room key yet: the key hub has not sent one."
            : "Room keys in this room since you entered, oldest first:\n" + string.Join('\n', keys.Select(k =>
                $"  epoch {k.Epoch}  {TimeFormat.Local(k.Time)}  from {k.Hub}{(k.Cause is null ? "" : $", after {k.Cause}")}"));

    private static string KeyWaitNotice(IChatRoom room)
    {
        var hub = room.Members.FirstOrDefault(m => m.IsHub)?.Name;
        return hub is null
            ? "Waiting for the key hub to send you the room key; your message goes out as soon as it arrives."
            : $"Waiting for the key hub ({hub}) to send you the room key; your message goes out as soon as it arrives.";
    }

    private static string Greeting(IChatRoom room)
    {
        var others = room.Members.Where(m => !m.IsSelf).Select(m => m.IsHub ? $"{m.Name} (key hub)" : m.Name).ToList();
        var hub = room.Members.Any(m => m.IsSelf && m.IsHub) ? " You are its key hub." : "";
        return others.Count == 0
            ? $"You are in {room.Name}, alone for now.{hub}"
            : $"You are in {room.Name} with {string.Join(", ", others)}.{hub}";
    }

    private static bool IsMember(IChatRoom room, IChatOutput output, string name)
    {
        if (room.Members.Any(m => m.Name == name && !m.IsSelf))
        {
            return true;
        }

        output.Write(RoomLine.Notice(room.Members.Any(m => m.Name == name)
            ? "That is you."
            : $"No member named {name} in {room.Name}. Type /who to see who is here."));
        return false;
    }
}
