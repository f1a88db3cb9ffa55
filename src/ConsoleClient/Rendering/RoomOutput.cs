namespace PyChat.ConsoleClient.Rendering;

/// <summary>
/// Where one room's lines go while the user is in it: the command's output, with the user's own messages left out
/// (<c>--no-self</c>) and key rotations folded into the joins and leaves that caused them (<see cref="KeyEventFolding"/>;
/// not for <c>--json</c>, whose readers get every event). Dispose when leaving: a line still held is written then.
/// </summary>
internal sealed class RoomOutput : IChatOutput, IDisposable
{
    private readonly IChatOutput _output;
    private readonly KeyEventFolding? _folding;

    public RoomOutput(IChatOutput output, string self, bool leaveOutOwnMessages, bool foldKeyEvents, TimeProvider time)
    {
        var inner = leaveOutOwnMessages ? new OwnMessagesLeftOut(output, self) : output;
        _folding = foldKeyEvents ? new KeyEventFolding(inner, time) : null;
        _output = (IChatOutput?)_folding ?? inner;
    }

    public void Write(RoomLine line) => _output.Write(line);

    public void WriteRooms(IReadOnlyList<RoomRow> rooms) => _output.WriteRooms(rooms);

    public void WriteMembers(string room, IReadOnlyList<MemberRow> members) => _output.WriteMembers(room, members);

    public void Dispose() => _folding?.Dispose();
}
