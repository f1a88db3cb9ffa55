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

    /// <summary>Rings the terminal's bell (a message naming the user arrived out of sight); nothing where there is no terminal.</summary>
    void Ring()
    {
    }
}
