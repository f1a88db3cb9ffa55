using FluentAssertions;
using PyChat.Relay.Rooms;

namespace PyChat.Relay.Tests.Rooms;

public sealed class RoomLogTailTests
{
    [Fact]
    public void Tail_EvictsTheOldestFrames_AtMaxFramesOrMaxBytes_WhicheverComesFirst()
    {
        var byFrames = new RoomLogTail(1, maxFrames: 3, maxBytes: 1000);
        var byBytes = new RoomLogTail(1, maxFrames: 1000, maxBytes: 25);
        for (var offset = 1UL; offset <= 5; offset++)
        {
            byFrames.Append(offset, new byte[10]);
            byBytes.Append(offset, new byte[10]);
        }

        byFrames.FirstOffset.Should().Be(3);
        byBytes.FirstOffset.Should().Be(4, "two frames of 10 bytes fit in 25, three do not");
        byFrames.TryReadAfter(2, out var frames).Should().BeTrue();
        frames.Should().HaveCount(3);
        byFrames.TryReadAfter(1, out _).Should().BeFalse("offset 2 is gone");
        byFrames.TryReadAfter(5, out frames).Should().BeTrue();
        frames.Should().BeEmpty();
        byFrames.TryReadAfter(6, out _).Should().BeFalse("nothing after the latest offset has happened");
    }

    [Fact]
    public void Tail_AfterAHole_ReachesBackOnlyToTheHole()
    {
        var tail = new RoomLogTail(1, maxFrames: 10, maxBytes: 1000);
        tail.Append(1, [1]);
        tail.Append(2, [2]);
        tail.Append(4, [4]);

        tail.TryReadAfter(1, out _).Should().BeFalse();
        tail.TryReadAfter(3, out var frames).Should().BeTrue();
        frames.Should().ContainSingle().Which.Should().Equal(4);
    }

    [Fact]
    public void Tail_EvictedThroughAnOffset_NoLongerReachesBackPastIt()
    {
        var tail = new RoomLogTail(1, maxFrames: 10, maxBytes: 1000);
        for (var offset = 1UL; offset <= 4; offset++)
        {
            tail.Append(offset, [(byte)offset]);
        }

        tail.EvictThrough(2);

        tail.TryReadAfter(1, out _).Should().BeFalse();
        tail.TryReadAfter(2, out var frames).Should().BeTrue();
        frames.Select(f => f[0]).Should().Equal(3, 4);
    }
}
