using FluentAssertions;
using Microsoft.Extensions.Time.Testing;
using PyChat.ConsoleClient.Rendering;

namespace PyChat.ConsoleClient.Tests.Rendering;

public sealed class KeyEventFoldingTests
{
    private static readonly DateTimeOffset Noon = new(2025, 1, 2, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Noon);
    private readonly StringWriter _writer = new();
    private readonly KeyEventFolding _folding;

    public KeyEventFoldingTests() => _folding = new KeyEventFolding(new PlainChatOutput(_writer), _time);

    private string[] Texts => _writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(line => line[(TimeFormat.Local(Noon).Length + 1)..]).ToArray(); // past "HH:mm:ss "

    private static RoomLine Joined(string member) => RoomLine.Event(Noon, $"{member} joined", RoomLineCodes.Joined, member);

    private static RoomLine Left(string member) => RoomLine.Event(Noon, $"{member} left", RoomLineCodes.Left, member);

    private static RoomLine Key(uint epoch) => RoomLine.Event(Noon, $"new room key, epoch {epoch}, from alice", RoomLineCodes.KeyRotated, "alice");

    [Fact]
    public void AJoin_AndTheKeyItCaused_AreOneLine()
    {
        _folding.Write(Joined("bob"));
        _writer.ToString().Should().BeEmpty("the join waits for its key");
        _folding.Write(Key(2));

        Texts.Should().Equal("* bob joined · new key");
    }

    [Fact]
    public void ALeave_AndItsKey_AreOneLine() =>
        Fold([Left("bob"), Key(3)]).Should().Equal("* bob left · new key");

    [Fact]
    public void AnyOtherLine_EndsTheWait_AndNothingIsReordered()
    {
        Fold([Joined("bob"), RoomLine.Message(Noon, "carol", "hi", verified: true), Key(2)])
            .Should().Equal("* bob joined", "carol ✓ hi", "* new room key, epoch 2, from alice");
    }

    [Fact]
    public void TheJoinersFirstSeenLine_WaitsWithTheJoin_AndFollowsIt()
    {
        var firstSeen = RoomLine.Event(Noon, "bob is new to you", RoomLineCodes.PeerFirstSeen, "bob");

        Fold([Joined("bob"), firstSeen, Key(2)]).Should().Equal("* bob joined · new key", "* bob is new to you");
    }

    [Fact]
    public void AKeyThatComesAfterTheWindow_HasALineOfItsOwn()
    {
        _folding.Write(Joined("bob"));
        _time.Advance(KeyEventFolding.Window - TimeSpan.FromMilliseconds(1));
        _writer.ToString().Should().BeEmpty();
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Texts.Should().Equal("* bob joined");

        _folding.Write(Key(2));
        Texts.Should().Equal("* bob joined", "* new room key, epoch 2, from alice");
    }

    [Fact]
    public void AKeyWithoutAJoinOrLeave_HasALineOfItsOwn() =>
        Fold([Key(1)]).Should().Equal("* new room key, epoch 1, from alice");

    [Fact]
    public void LeavingTheRoom_WritesTheLineStillWaiting()
    {
        _folding.Write(Left("bob"));
        _folding.Dispose();

        Texts.Should().Equal("* bob left");
    }

    private string[] Fold(IEnumerable<RoomLine> lines)
    {
        foreach (var line in lines)
        {
            _folding.Write(line);
        }

        return Texts;
    }
}
