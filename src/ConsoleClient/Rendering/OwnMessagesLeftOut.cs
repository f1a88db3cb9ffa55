namespace PyChat.ConsoleClient.Rendering;

/// <summary>
/// <c>chat --no-self</c>: the user's own chat messages are not written (a bot that answers must not read its answers
/// as questions). Everything else is, a refused send among it: a bot must know what did not go out.
/// </summary>
internal sealed class OwnMessagesLeftOut(IChatOutput output, string self) : IChatOutput
{
    public void Write(RoomLine line)
    {
        if (!line.IsMessageFrom(self))
        {
            output.Write(line);
        }
    }

    public void WriteRooms(IReadOnlyList<RoomRow> rooms) => output.WriteRooms(rooms);

    public void WriteMembers(string room, IReadOnlyList<MemberRow> members) => output.WriteMembers(room, members);
}
