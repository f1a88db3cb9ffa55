using FluentAssertions;
using PyChat.Client;
using PyChat.ConsoleClient.Chat;
using PyChat.ConsoleClient.Rendering;

namespace PyChat.ConsoleClient.Tests.Chat;

public sealed class KeyHistoryTests
{
    private static readonly DateTimeOffset Noon = new(2025, 1, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void EachKey_IsListed_WithTheMembershipChangesSinceTheKeyBefore()
    {
        var history = new KeyHistory();
        history.Record(new KeyRotated("lobby", Noon, 1, "alice"));
        history.Record(new MemberJoined("lobby", Noon, "bob", "ab"));
        history.Record(new MessageReceived("lobby", Noon, "alice", "hi", Noon, 1, PeerTrust.Trusted));
        history.Record(new KeyRotated("lobby", Noon.AddSeconds(9), 2, "alice"));
        history.Record(new MemberJoined("lobby", Noon, "carol", "cd"));
        history.Record(new MemberLeft("lobby", Noon, "bob"));
        history.Record(new KeyRotated("lobby", Noon, 3, "alice"));

        history.Rows.Should().Equal(
            new KeyEpochRow(1, "alice", Noon, null),
            new KeyEpochRow(2, "alice", Noon.AddSeconds(9), "bob joined"),
            new KeyEpochRow(3, "alice", Noon, "carol joined, bob left"));
    }

    [Fact]
    public void TheKeysCommand_ListsThem_OrSaysThereIsNoneYet()
    {
        RoomView.KeysNotice([]).Should().Be("No room key yet: the key hub has not sent one.");
        RoomView.KeysNotice([new KeyEpochRow(1, "alice", Noon, null), new KeyEpochRow(2, "alice", Noon, "bob joined")])
            .Should().Be(
                "Room keys in this room since you entered, oldest first:\n" +
                $"  epoch 1  {TimeFormat.Local(Noon)}  from alice\n" +
                $"  epoch 2  {TimeFormat.Local(Noon)}  from alice, after bob joined");
    }
}
