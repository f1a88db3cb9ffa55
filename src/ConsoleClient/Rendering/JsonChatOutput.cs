using System.Text.Encodings.Web;
using System.Text.Json;

namespace PyChat.ConsoleClient.Rendering;

/// <summary>
/// One JSON object per line, for bots (<c>--json</c>; docs/CONSOLE.md, "Bots and scripts"). Text is written as the
/// sender wrote it, escaped by JSON rather than sanitized: a bot gets every character, and no character of it can
/// break the line framing (JSON escapes control characters, line breaks among them).
/// </summary>
/// <param name="room">The room the lines come from, or null outside one (<c>rooms</c>).</param>
internal sealed class JsonChatOutput(TextWriter writer, string? room) : IChatOutput
{
    // Relaxed: nothing here ends up in HTML, so accents and other letters stay as they are (emoji, outside the BMP, are
    // still escaped as surrogate pairs, which every JSON reader turns back into the same text).
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly Lock _lock = new();

    public void Write(RoomLine line) => WriteObject(json =>
    {
        if (line.Kind != RoomLineKind.Notice)
        {
            json.WriteString("time", line.Time.ToUniversalTime());
        }

        WriteRoom(json);
        json.WriteString("type", TypeOf(line.Kind));
        if (line.Kind == RoomLineKind.Message)
        {
            json.WriteString("sender", line.Sender);
            json.WriteString("text", line.Text);
            json.WriteBoolean("verified", line.Verified);
            json.WriteBoolean("caught_up", line.CaughtUp);
            json.WriteBoolean("mentions_you", line.MentionsYou);
            return;
        }

        if (line.Code is not null)
        {
            json.WriteString("event", line.Code);
        }

        if (line.Member is not null)
        {
            json.WriteString("member", line.Member);
        }

        json.WriteString("text", line.Text);
    });

    public void WriteRooms(IReadOnlyList<RoomRow> rooms)
    {
        foreach (var row in rooms)
        {
            WriteObject(json =>
            {
                json.WriteString("room", row.Name);
                json.WriteNumber("members", row.Members);
                json.WriteNumber("capacity", row.Capacity);
            });
        }
    }

    public void WriteMembers(string room, IReadOnlyList<MemberRow> members)
    {
        foreach (var member in members)
        {
            WriteObject(json =>
            {
                json.WriteString("room", room);
                json.WriteString("member", member.Name);
                json.WriteBoolean("hub", member.IsHub);
                json.WriteBoolean("self", member.IsSelf);
                json.WriteBoolean("verified", !member.KeyChanged);
                json.WriteString("fingerprint", member.Fingerprint);
            });
        }
    }

    private static string TypeOf(RoomLineKind kind) => kind switch
    {
        RoomLineKind.Message => "message",
        RoomLineKind.Event => "event",
        RoomLineKind.Warning => "warning",
        _ => "notice",
    };

    private void WriteRoom(Utf8JsonWriter json)
    {
        if (room is not null)
        {
            json.WriteString("room", room);
        }
    }

    private void WriteObject(Action<Utf8JsonWriter> writeProperties)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            writeProperties(json);
            json.WriteEndObject();
        }

        var text = System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        lock (_lock)
        {
            writer.WriteLine(text);
            writer.Flush();
        }
    }
}
