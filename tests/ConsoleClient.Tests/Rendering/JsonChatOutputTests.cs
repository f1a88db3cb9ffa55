using System.Text.Json;
using FluentAssertions;
using PyChat.ConsoleClient.Rendering;

namespace PyChat.ConsoleClient.Tests.Rendering;

public sealed class JsonChatOutputTests
{
    private static readonly DateTimeOffset Noon = new(2025, 1, 2, 12, 1, 2, TimeSpan.FromHours(2));
    private readonly StringWriter _writer = new();

    private string[] Lines => _writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Message_IsOneObject_WithItsTimeInUtc_AndItsTextAsSent()
    {
        new JsonChatOutput(_writer, "lobby").Write(RoomLine.Message(Noon, "alice", "two\nlines, \u001b[31mred\u001b[0m and 🎉", verified: false, caughtUp: true));

        Lines.Should().ContainSingle();
        var json = JsonDocument.Parse(Lines[0]).RootElement;
        json.GetProperty("time").GetString().Should().Be("2025-01-02T10:01:02+00:00");
        json.GetProperty("room").GetString().Should().Be("lobby");
        json.GetProperty("type").GetString().Should().Be("message");
        json.GetProperty("sender").GetString().Should().Be("alice");
        json.GetProperty("text").GetString().Should().Be("two\nlines, \u001b[31mred\u001b[0m and 🎉", "a bot gets every character; JSON escapes the control ones");
        json.GetProperty("verified").GetBoolean().Should().BeFalse();
        json.GetProperty("caught_up").GetBoolean().Should().BeTrue();
        Lines[0].Should().NotContain("\u001b", "no raw control character reaches the output");
    }

    [Fact]
    public void EventsAndWarnings_SayWhatTheyAre_AndWhoTheyAreAbout()
    {
        var output = new JsonChatOutput(_writer, "lobby");
        output.Write(RoomLine.Event(Noon, "bob joined (key 3f2a…)", RoomLineCodes.Joined, "bob"));
        output.Write(RoomLine.Warning(Noon, "connection lost — reconnecting", code: RoomLineCodes.Reconnecting));

        var joined = JsonDocument.Parse(Lines[0]).RootElement;
        joined.GetProperty("type").GetString().Should().Be("event");
        joined.GetProperty("event").GetString().Should().Be("joined");
        joined.GetProperty("member").GetString().Should().Be("bob");
        var warning = JsonDocument.Parse(Lines[1]).RootElement;
        warning.GetProperty("type").GetString().Should().Be("warning");
        warning.GetProperty("event").GetString().Should().Be("reconnecting");
        warning.TryGetProperty("member", out _).Should().BeFalse();
    }

    [Fact]
    public void Rooms_AreOneObjectEach_WithoutARoomOfTheirOwn()
    {
        new JsonChatOutput(_writer, room: null).WriteRooms([new RoomRow("lobby", 3, 10), new RoomRow("ops", 1, 10)]);

        Lines.Should().Equal("""{"room":"lobby","members":3,"capacity":10}""", """{"room":"ops","members":1,"capacity":10}""");
    }
}
