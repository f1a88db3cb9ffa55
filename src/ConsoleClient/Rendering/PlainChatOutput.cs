namespace PyChat.ConsoleClient.Rendering;

/// <summary>
/// One line per item, no colour, no wrapping, for scripts and tests (docs/CONSOLE.md, "Plain output"):
/// <c>TIME SENDER MARK TEXT</c> for a message, <c>TIME * TEXT</c> for an event, <c>TIME ! TEXT</c> for a
/// warning. Names cannot be <c>*</c> or <c>!</c>, so the second field tells them apart.
/// </summary>
internal sealed class PlainChatOutput(TextWriter writer) : IChatOutput
{
    private readonly Lock _lock = new();

    public void Write(RoomLine line)
    {
        var text = TextSanitizer.Sanitize(line.Text);
        var formatted = line.Kind switch
        {
            RoomLineKind.Message => $"{TimeFormat.Local(line.Time)} {line.Sender} {Marks.For(line.Verified)} {text}{(line.CaughtUp ? " " + RoomLine.CaughtUpMark : "")}",
            RoomLineKind.Event => $"{TimeFormat.Local(line.Time)} * {text}",
            RoomLineKind.Warning => $"{TimeFormat.Local(line.Time)} ! {text}",
            _ => TextSanitizer.SanitizeLines(line.Text),
        };
        WriteLines([formatted]);
    }

    public void WriteRooms(IReadOnlyList<RoomRow> rooms) =>
        WriteLines(rooms.Select(r => $"{r.Name} {r.Members}/{r.Capacity}"));

    public void WriteMembers(string room, IReadOnlyList<MemberRow> members) =>
        WriteLines(members.Select(m =>
            $"{m.Name} {(m.IsHub ? "hub" : "member")} {Marks.For(!m.KeyChanged)} {m.Fingerprint}{(m.IsSelf ? " (you)" : "")}"));

    private void WriteLines(IEnumerable<string> lines)
    {
        lock (_lock)
        {
            foreach (var line in lines)
            {
                writer.WriteLine(line);
            }

            writer.Flush();
        }
    }
}
