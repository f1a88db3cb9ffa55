using PyChat.ConsoleClient.Chat;

namespace PyChat.ConsoleClient.Rendering;

/// <summary>
/// The screen as one room's window sees it: while the window is on screen its lines go straight through; while another
/// one is, they are kept (the newest <see cref="Kept"/>) and its messages counted as unread, and they are written when
/// the window comes back on screen. Only the room's own lines are kept: answers to a command (<c>/who</c>, <c>/rooms</c>)
/// are asked for on screen and go there. A message naming the user rings the bell as it arrives, wherever it is kept.
/// </summary>
internal sealed class WindowOutput(IChatOutput screen, string self, Action changed, ITerminalFocus? focus = null) : IChatOutput
{
    public const int Kept = 1000;

    /// <summary>Before the first message that arrives on screen while the terminal's window is elsewhere.</summary>
    public const string AwayMarker = "──── new while you were away ────";
    private readonly Lock _lock = new();
    private readonly Queue<RoomLine> _kept = new();
    private int _dropped;
    private bool _onScreen;
    private int _markedAbsence; // the absence (ITerminalFocus.TimesLost) the marker was written for

    /// <summary>Messages from others that arrived while the window was not on screen.</summary>
    public int Unread { get; private set; }

    /// <summary>A message naming the user is among the unread.</summary>
    public bool UnreadMention { get; private set; }

    /// <summary>Puts the window on screen: first what arrived meanwhile, then every line as it comes.</summary>
    public void Show(string? heading)
    {
        lock (_lock)
        {
            if (heading is not null)
            {
                screen.Write(RoomLine.Notice(heading));
            }

            if (_dropped > 0)
            {
                screen.Write(RoomLine.Notice($"({_dropped} earlier lines are not shown)"));
            }

            while (_kept.TryDequeue(out var line))
            {
                screen.Write(line);
            }

            _dropped = 0;
            Unread = 0;
            UnreadMention = false;
            _onScreen = true;
        }
    }

    /// <summary>Another window goes on screen: this one's lines are kept from now on.</summary>
    public void Hide()
    {
        lock (_lock)
        {
            _onScreen = false;
        }
    }

    public void Write(RoomLine line)
    {
        lock (_lock)
        {
            if (_onScreen)
            {
                MarkIfAway(line);
                screen.Write(line);
            }
            else
            {
                Keep(line);
            }
        }

        changed();
    }

    /// <summary>
    /// Keeps a line of the window out of sight. A message naming the user rings the bell now, when it arrives, and is
    /// shown later without one.
    /// </summary>
    private void Keep(RoomLine line)
    {
        if (line.MentionsYou)
        {
            screen.Ring();
            line = line with { RangAlready = true };
        }

        _kept.Enqueue(line);
        if (_kept.Count > Kept)
        {
            _kept.Dequeue();
            _dropped++;
        }

        if (FromOthers(line))
        {
            Unread++;
            UnreadMention |= line.MentionsYou;
        }
    }

    /// <summary>One marker per absence, before its first message from someone else: where to read on when back.</summary>
    private void MarkIfAway(RoomLine line)
    {
        if (focus is { Focused: false, TimesLost: var absence } && absence != _markedAbsence && FromOthers(line))
        {
            _markedAbsence = absence;
            screen.Write(RoomLine.Notice(AwayMarker));
        }
    }

    private bool FromOthers(RoomLine line) => line.Kind == RoomLineKind.Message && !line.IsMessageFrom(self);

    public void WriteRooms(IReadOnlyList<RoomRow> rooms) => screen.WriteRooms(rooms);

    public void WriteMembers(string room, IReadOnlyList<MemberRow> members) => screen.WriteMembers(room, members);
}
