using FluentAssertions;
using PyChat.Client;
using PyChat.Integration.Tests.Support;

namespace PyChat.Integration.Tests;

/// <summary>Every send is acknowledged or fails with a reason; none is dropped (docs/PROTOCOL.md §5).</summary>
[Collection(RelayCollection.Name)]
public sealed class AcknowledgedSendTests(RelayFixture relay)
{
    [Fact]
    public async Task EightHundredMessages_SentAsFastAsTheApiAllows_AllArrive_InOrder()
    {
        // Twice the relay's burst of 400 frames: without pacing to the rate it announces, about half would be refused.
        const int count = 800;
        var room = relay.UniqueName("paste");
        await using var alice = await (await relay.RegisterAsync("alice")).CreateAsync(room);
        await using var bob = await (await relay.RegisterAsync("bob")).JoinAsync(room);
        await bob.Room.WaitForKeyAsync();
        await alice.Events.WaitUntilAsync(_ => alice.Room.Members.Count == 2 && alice.Room.Epoch == bob.Room.Epoch, "bob keyed");

        var sends = Enumerable.Range(0, count).Select(i => alice.Room.SendAsync($"line {i}")).ToList();
        await Task.WhenAll(sends).WaitAsync(TimeSpan.FromMinutes(3));

        await bob.Events.WaitForMessageAsync($"line {count - 1}");
        bob.Events.Messages().Select(m => m.Text).Should().Equal(Enumerable.Range(0, count).Select(i => $"line {i}"));
        bob.Events.Snapshot().OfType<MessageRejected>().Should().BeEmpty();
        bob.Events.Snapshot().OfType<MessagesMissing>().Should().BeEmpty();
    }
}
