using PyChat.Client;
using PyChat.ConsoleClient.Commands;
using PyChat.ConsoleClient.Rendering;

namespace PyChat.ConsoleClient.Chat;

/// <summary>
/// The room view: what happens in the room streams out while the user types.
/// 1. A background task writes every room line to the output as it arrives.
/// 2. The input loop reads a line, parses it (<see cref="RoomInputParser"/>) and sends it (without waiting for the
///    relay: <see cref="OwnMessages"/> shows the outcome) or runs it. A line that holds pasted text is a message as it
///    is, however many lines it has: nothing pasted is ever run as a command.
/// 3. <c>/leave</c>, <c>/quit</c> or end of input leaves the room; the end of the event stream means the
///    connection is closed for good, which ends the view with the failure that caused it.
/// A dropped connection does not end the view: ClientLib reconnects by itself and the room's lines say so. The input
/// line belongs to the terminal, not to the connection, so what is being typed stays; sends wait in ClientLib's outbox
/// meanwhile and get their ✓ once the room has resumed.
/// </summary>
internal sealed class RoomView(IChatRoom room, ILineInput input, IChatOutput output)
{
    public async Task<RoomExit> RunAsync(CancellationToken cancellationToken)
    {
        output.Write(RoomLine.Notice($"{Greeting(room)} Type a message, or /help for commands."));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var events = Task.Run(() => PumpEventsAsync(stop.Token), CancellationToken.None);
        var ownMessages = new OwnMessages(room, output);
        try
        {
            while (true)
            {
                var read = input.ReadLineAsync(stop.Token);
                if (await Task.WhenAny(read, events) == events)
                {
                    // Ctrl+C stops the events and the input line both, and the events may stop first: not a closed connection.
                    cancellationToken.ThrowIfCancellationRequested();
                    await events; // rethrows what ended the connection
                    throw new CommandFailedException(ExitCode.RelayUnreachable, "The connection to the relay was closed.");
                }

                var line = await read;
                var exit = line is null ? RoomExit.Quit : await HandleAsync(RoomInputParser.Parse(line), ownMessages, stop.Token);
                if (exit is not null)
                {
                    // What was typed before /leave, /quit or the end of a script goes out first.
                    await ownMessages.DrainAsync();
                    await stop.CancelAsync();
                    await room.LeaveAsync(cancellationToken);
                    return exit.Value;
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await ownMessages.DrainAsync();
            await events.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task PumpEventsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var line in room.ReadAsync(cancellationToken))
            {
                output.Write(line);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The user is leaving; the view ends.
        }
    }

    private async Task<RoomExit?> HandleAsync(RoomInput? input, OwnMessages ownMessages, CancellationToken cancellationToken)
    {
        switch (input)
        {
            case RoomInput.Say say when MessageLength.Problem(say.Text) is { } tooLong:
                output.Write(RoomLine.Notice($"{Marks.NotSent} {tooLong}"));
                return null;
            case RoomInput.Say say:
                if (!room.HasKey)
                {
                    output.Write(RoomLine.Notice(KeyWaitNotice()));
                }

                ownMessages.Send(say.Text, cancellationToken);
                return null;
            case RoomInput.Who:
                output.WriteMembers(room.Name, room.Members);
                return null;
            case RoomInput.Keys:
                output.Write(RoomLine.Notice(KeysNotice(room.KeyHistory)));
                return null;
            case RoomInput.Verify verify when IsMember(verify.Member):
                output.Write(RoomLine.Notice(
                    $"Safety number with {verify.Member}: {room.SafetyNumberWith(verify.Member)}\n" +
                    $"Compare it with {verify.Member} in person or by phone. If it matches, no one is in the middle. If not, do not trust this key."));
                return null;
            case RoomInput.Trust trust when IsMember(trust.Member):
                await room.TrustAsync(trust.Member, cancellationToken);
                output.Write(RoomLine.Notice($"You now trust {trust.Member}'s current key."));
                return null;
            case RoomInput.Verify or RoomInput.Trust:
                return null;
            case RoomInput.Help:
                output.Write(RoomLine.Notice(RoomInputParser.HelpText));
                return null;
            case RoomInput.Invalid invalid:
                output.Write(RoomLine.Notice(invalid.Problem));
                return null;
            case RoomInput.Leave:
                return RoomExit.Left;
            case RoomInput.Quit:
                return RoomExit.Quit;
            default:
                return null;
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

    private string KeyWaitNotice()
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

    private bool IsMember(string name)
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
