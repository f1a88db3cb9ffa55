namespace PyChat.ConsoleClient.Rendering;

/// <summary>
/// Where one room's lines go while the user is in it: the command's output, with messages that name the user marked
/// (<see cref="Mentions"/>), the user's own messages left out (<c>--no-self</c>), and, for people (not for
/// <c>--json</c>, whose readers get every event as it is), a line when the day changes and key rotations folded into
/// the joins and leaves that caused them (<see cref="KeyEventFolding"/>). Dispose when leaving: a line still held is
/// written then.
/// </summary>
internal sealed class RoomOutput : IChatOutput, IDisposable
{
    private readonly IChatOutput _output;
    private readonly KeyEventFolding? _folding;
    private readonly string _self;
    private readonly DayChangeLines? _days;
    private readonly Lock _lock = new();

    public RoomOutput(IChatOutput output, string self, bool leaveOutOwnMessages, bool forPeople, TimeProvider time)
    {
        _self = self;
        var inner = leaveOutOwnMessages ? new OwnMessagesLeftOut(output, self) : output;
        _folding = forPeople ? new KeyEventFolding(inner, time) : null;
        _days = forPeople ? new DayChangeLines() : null;
        _output = (IChatOutput?)_folding ?? inner;
    }

    public void Write(RoomLine line)
    {
        if (line.Kind == RoomLineKind.Message && line.Sender != _self && Mentions.Names(line.Text, _self))
        {
            line = line with { MentionsYou = true };
        }

        lock (_lock)
        {
            if (_days?.Before(line) is { } dayLine)
            {
                _output.Write(dayLine);
            }

            _output.Write(line);
        }
    }

    public void WriteRooms(IReadOnlyList<RoomRow> rooms) => _output.WriteRooms(rooms);

    public void WriteMembers(string room, IReadOnlyList<MemberRow> members) => _output.WriteMembers(room, members);

    public void Dispose() => _folding?.Dispose();
}
