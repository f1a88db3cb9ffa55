using FluentAssertions;
using Microsoft.Extensions.Time.Testing;
using PyChat.ConsoleClient.Rendering;

namespace PyChat.ConsoleClient.Tests.Rendering;

public sealed class RoomOutputTests
{
    private readonly List<RoomLine> _written = [];

    [Fact]
    public void AMessageNamingYou_IsMarked_ButNotYourOwn()
    {
        using var output = new RoomOutput(new Recorder(_written), "alice", leaveOutOwnMessages: false, forPeople: false, new FakeTimeProvider());
        var now = DateTimeOffset.Now;

        output.Write(RoomLine.Message(now, "bob", "alice: lunch?", verified: true));
        output.Write(RoomLine.Message(now, "alice", "alice is me", verified: true));
        output.Write(RoomLine.Message(now, "bob", "anyone?", verified: true));

        _written.Select(l => l.MentionsYou).Should().Equal(true, false, false);
    }

    [Fact]
    public void WhenTheLocalDateChanges_ALineSaysTheNewDay()
    {
        using var output = new RoomOutput(new Recorder(_written), "alice", leaveOutOwnMessages: false, forPeople: true, new FakeTimeProvider());
        var lateEvening = new DateTimeOffset(2026, 12, 4, 23, 59, 0, TimeZoneInfo.Local.GetUtcOffset(new DateTime(2026, 12, 4, 23, 59, 0)));

        output.Write(RoomLine.Message(lateEvening, "bob", "night", verified: true));
        output.Write(RoomLine.Message(lateEvening.AddMinutes(1), "bob", "past midnight", verified: true));
        output.Write(RoomLine.Message(lateEvening.AddMinutes(2), "bob", "same day", verified: true));

        _written.Select(l => l.Text).Should().Equal("night", "── Saturday, 5 December 2026 ──", "past midnight", "same day");
    }

    [Fact]
    public void ForMachines_NoDayLineIsAdded() // --json
    {
        using var output = new RoomOutput(new Recorder(_written), "alice", leaveOutOwnMessages: false, forPeople: false, new FakeTimeProvider());
        var day = new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

        output.Write(RoomLine.Message(day, "bob", "one", verified: true));
        output.Write(RoomLine.Message(day.AddDays(1), "bob", "two", verified: true));

        _written.Select(l => l.Text).Should().Equal("one", "two");
    }

    private sealed class Recorder(List<RoomLine> lines) : IChatOutput
    {
        public void Write(RoomLine line) => lines.Add(line);

        public void WriteRooms(IReadOnlyList<RoomRow> rooms) => throw new NotSupportedException();

        public void WriteMembers(string room, IReadOnlyList<MemberRow> members) => throw new NotSupportedException();
    }
}
