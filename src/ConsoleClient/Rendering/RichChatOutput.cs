using PyChat.ConsoleClient.Chat.Editing;
using Spectre.Console;

namespace PyChat.ConsoleClient.Rendering;

/// <summary>
/// The terminal form: colour per sender, dimmed events, tables, and a panel for a changed key. A message of several
/// lines shows its first line after the sender and each further one indented under it, so no line of it can pass
/// for a line of its own (a message from someone else).
/// </summary>
internal sealed class RichChatOutput(IAnsiConsole console) : IChatOutput
{
    private readonly Lock _lock = new();

    /// <summary>Runs around every write; the room view uses it to keep its input line below the output.</summary>
    public IWriteGuard Guard { get; set; } = IWriteGuard.None;

    public void Write(RoomLine line) => Render(ToRenderable(line), bell: line.MentionsYou && !line.RangAlready);

    public void Ring()
    {
        lock (_lock)
        {
            console.Profile.Out.Writer.Write('\a');
            console.Profile.Out.Writer.Flush();
        }
    }

    public void WriteRooms(IReadOnlyList<RoomRow> rooms)
    {
        if (rooms.Count == 0)
        {
            Render(new Markup("[grey]No active rooms. Create one![/]"));
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumn("Room").AddColumn(new TableColumn("Members").RightAligned());
        foreach (var room in rooms)
        {
            var members = $"{room.Members}/{room.Capacity}";
            table.AddRow(Markup.Escape(room.Name), room.Members >= room.Capacity ? $"[red]{members} full[/]" : members);
        }

        Render(table);
    }

    public void WriteMembers(string room, IReadOnlyList<MemberRow> members)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(room)}[/]")
            .AddColumn("Member").AddColumn("Role").AddColumn("Key").AddColumn("Fingerprint");
        foreach (var m in members)
        {
            table.AddRow(
                $"[{SenderColors.For(m.Name).ToMarkup()}]{Markup.Escape(m.Name)}[/]{(m.IsSelf ? " [grey](you)[/]" : "")}",
                m.IsHub ? "[bold]hub[/]" : "member",
                m.KeyChanged ? "[bold red]CHANGED[/]" : $"[green]{Marks.Verified}[/]",
                $"[grey]{Markup.Escape(m.Fingerprint)}[/]");
        }

        Render(table);
    }

    internal static Spectre.Console.Rendering.IRenderable ToRenderable(RoomLine line)
    {
        var text = Markup.Escape(line.Kind == RoomLineKind.Notice ? TextSanitizer.SanitizeLines(line.Text) : TextSanitizer.Sanitize(line.Text));
        var time = $"[grey]{TimeFormat.Local(line.Time)}[/]";
        if (line.CaughtUp)
        {
            text += $" [grey]{RoomLine.CaughtUpMark}[/]";
        }

        if (line.Kind == RoomLineKind.Message)
        {
            var head = line.Verified ? $"{line.Sender} {Marks.Verified} " : $"{line.Sender} {Marks.Unverified} unverified ";
            text = MessageText(line, TextWidth.Of($"{TimeFormat.Local(line.Time)} {head}"));
        }

        return line.Kind switch
        {
            // A message naming you stands out: its text highlighted (and the bell rung, in Write).
            RoomLineKind.Message when line.Verified && line.MentionsYou => new Markup(
                $"{time} [bold {SenderColors.For(line.Sender!).ToMarkup()}]{Markup.Escape(line.Sender!)}[/] [green]{Marks.Verified}[/] [black on yellow]{text}[/]"),
            RoomLineKind.Message when line.Verified => new Markup(
                $"{time} [bold {SenderColors.For(line.Sender!).ToMarkup()}]{Markup.Escape(line.Sender!)}[/] [green]{Marks.Verified}[/] {text}"),
            RoomLineKind.Message => new Markup(
                $"{time} [bold red]{Markup.Escape(line.Sender!)} {Marks.Unverified} unverified[/] {text}"),
            RoomLineKind.Event => new Markup($"{time} [italic grey]* {text}[/]"),
            RoomLineKind.Warning when line.Loud => new Panel(new Markup($"[bold]{text}[/]"))
                .Header($"[bold white on red] WARNING {TimeFormat.Local(line.Time)} [/]")
                .BorderColor(Color.Red)
                .Border(BoxBorder.Heavy),
            RoomLineKind.Warning => new Markup($"{time} [yellow]! {text}[/]"),
            _ => new Markup(text),
        };
    }

    /// <summary>
    /// A message's text as markup: each of its lines made safe (<see cref="TextSanitizer"/>), the lines after the first
    /// indented by <paramref name="indent"/> columns, so they start under the first one.
    /// </summary>
    private static string MessageText(RoomLine line, int indent)
    {
        var lines = line.Text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var text = string.Join("\n" + new string(' ', indent), lines.Select(l => Markup.Escape(TextSanitizer.Sanitize(l))));
        return line.CaughtUp ? text + $" [grey]{RoomLine.CaughtUpMark}[/]" : text;
    }

    private void Render(Spectre.Console.Rendering.IRenderable renderable, bool bell = false)
    {
        lock (_lock)
        {
            Guard.BeforeWrite();
            if (bell)
            {
                // BEL, written past Spectre (which would not pass a control character): the terminal beeps or flashes,
                // and most set the window's urgency hint, so a mention is noticed in another window too.
                console.Profile.Out.Writer.Write('\a');
            }

            console.Write(renderable);
            if (renderable is Markup)
            {
                console.WriteLine();
            }

            Guard.AfterWrite();
        }
    }
}
