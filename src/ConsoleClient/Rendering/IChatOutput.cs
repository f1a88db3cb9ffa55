namespace PyChat.ConsoleClient.Rendering;

/// <summary>
/// Where the program writes what the user reads. Two forms: rich (Spectre markup, tables, colour) on a
/// terminal, plain (one parseable line per item, no colour) when output is redirected or <c>--plain</c>.
/// Safe to call from the event task and the input loop at once.
/// </summary>
internal interface IChatOutput
{
    void Write(RoomLine line);

    void WriteRooms(IReadOnlyList<RoomRow> rooms);

    void WriteMembers(string room, IReadOnlyList<MemberRow> members);
}
