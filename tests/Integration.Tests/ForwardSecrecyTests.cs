using FluentAssertions;
using PyChat.Client;
using PyChat.Integration.Tests.Support;
using PyChat.Protocol.Frames;

namespace PyChat.Integration.Tests;

/// <summary>
/// Captured ciphertext is replayed into the very session of a member that should not read it, so it is
/// tried against every key that member holds.
/// </summary>
[Collection(RelayCollection.Name)]
public sealed class ForwardSecrecyTests(RelayFixture relay)
{
    [Fact]
    public async Task DepartedMember_GivenCapturedFramesOfLaterTraffic_CannotDecryptThemWithAnyKeyItHolds()
    {
        var room = relay.UniqueName("departed");
        await using var crowd = await Crowd.GatherAsync(relay, room, 3);
        var (stayer, talker, departed) = (crowd[0], crowd[1], crowd[2]);

        // The departed member leaves at the relay but keeps its local session with every key it held.
        await departed.Client.SendRawFrameAsync(new LeaveRoomFrame(999_999, room).Encode());
        // "Later" is later for the sender: a message the talker encrypted before it learnt of the departure is
        // still under the departed member's key (it was a member then), so wait until the talker has seen it.
        await stayer.Events.WaitUntilAsync(e => e.OfType<MemberLeft>().Any(l => l.Member == departed.Name), "the departure");
        await talker.Events.WaitUntilAsync(e => e.OfType<MemberLeft>().Any(l => l.Member == departed.Name), "the departure, seen by the talker");
        await talker.Room.SendAsync("after you left");
        await stayer.Events.WaitForMessageAsync("after you left");
        var captured = stayer.Tap.Received<DeliverFrame>().Where(d => d.Frame.Sender == talker.Name).Select(d => d.Bytes).ToList();
        captured.Should().NotBeEmpty();

        foreach (var frame in captured)
        {
            await departed.Client.InjectReceivedFrameAsync(frame);
        }

        await departed.Events.WaitUntilAsync(e => e.OfType<MessageRejected>().Count(r => r.Sender == talker.Name) >= captured.Count, "the captured frames rejected");
        departed.Events.Messages().Should().NotContain(m => m.Text == "after you left");
    }

    [Fact]
    public async Task Joiner_GivenCapturedFramesOfEarlierTraffic_CannotDecryptThemWithAnyKeyItHolds()
    {
        var room = relay.UniqueName("joiner");
        await using var crowd = await Crowd.GatherAsync(relay, room, 2);
        await crowd[1].Room.SendAsync("before you came");
        await crowd[0].Events.WaitForMessageAsync("before you came");
        var captured = crowd[0].Tap.Received<DeliverFrame>().Where(d => d.Frame.Sender == crowd[1].Name).Select(d => d.Frame).ToList();

        await using var joiner = await (await relay.RegisterAsync("late")).JoinAsync(room);
        await joiner.Room.WaitForKeyAsync();

        // A relay replaying them puts them after the join: at their own offsets they are ignored as duplicates.
        var offset = 1_000_000UL;
        foreach (var frame in captured)
        {
            await joiner.Client.InjectReceivedFrameAsync((frame with { Offset = ++offset }).Encode());
        }

        await joiner.Events.WaitUntilAsync(e => e.OfType<MessageRejected>().Count(r => r.Sender == crowd[1].Name) >= captured.Count, "the captured frames rejected");
        joiner.Events.Messages().Should().NotContain(m => m.Text == "before you came");
    }
}
