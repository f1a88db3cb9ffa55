using System.Net.WebSockets;
using FluentAssertions;
using PyChat.Protocol.Frames;
using PyChat.TestSupport;
using PyChat.TestSupport.Fuzzing;
using Xunit.Abstractions;

namespace PyChat.Relay.Tests.Connections;

/// <summary>
/// A real relay against one connection that sends mutated frames of every client → relay type, while
/// two other users talk in a room of their own (docs/PROTOCOL.md §7: a refused frame affects only its
/// sender, and no frame closes a connection by itself).
/// </summary>
public sealed class MutatedFrameFloodTests(ITestOutputHelper output)
{
    private const int Seed = 20261202;
    private const int Frames = 10_000;
    private const int MaxFrameBytes = 2048;

    // Frames sent before their answers are read: bounded well under the send queue (1,024 frames), so
    // the attacker never becomes a slow receiver however fast or slow the machine is.
    private const int Window = 100;
    private const uint BarrierRequestId = 0xFFFF_FFF0;

    [Fact]
    public async Task TenThousandMutatedFrames_OnOneConnection_AreEachAnsweredAsDocumented_WhileAnotherRoomTalksUndisturbed()
    {
        // The frame rate limit is raised so that what is checked is the answer to each frame, not the
        // token bucket; the small frame limit lets the mutations' large extensions reach FrameTooLarge.
        await using var relay = await TestRelay.StartAsync(
            null, "--Relay:FramesPerSecond", "1000000", "--Relay:FrameBurst", "1000000", "--Relay:MaxFrameBytes", $"{MaxFrameBytes}");
        var conversation = await QuietConversation.StartAsync(relay);
        var mallory = relay.Identity("mallory");
        var attacker = await relay.ConnectAsync();
        (await attacker.RegisterAsync(mallory)).Should().BeOfType<OkFrame>();
        var mutator = new FrameMutator(EnvelopeSeeds.ClientToRelay("mallory", "fuzz"), Seed, largeGrowth: 3000);
        var answers = new DocumentedAnswers(MaxFrameBytes);
        var failures = new List<string>();

        using var stop = new CancellationTokenSource();
        var talking = Task.Run(() => conversation.TalkAsync(minimumRounds: 50, stop.Token));
        for (var next = 0; next < Frames && failures.Count < 10;)
        {
            var window = Enumerable.Range(next, Math.Min(Window, Frames - next)).ToList();
            var answered = await SendWindowAsync(attacker, window, mutator, answers, failures);
            next += answered;
            if (answered < window.Count)
            {
                // Closed (only a close code of §7 may do that, and the tally checks which): log in
                // again and send the rest, so that all the frames are sent.
                answers.ConnectionClosed(attacker.CloseStatus is { } status ? (int)status : null);
                attacker = await relay.ConnectAsync();
                (await attacker.LoginAsync(mallory)).Should().BeOfType<OkFrame>();
            }
        }

        await stop.CancelAsync();
        await talking;

        output.WriteLine(string.Join(Environment.NewLine, answers.Tally.Select(t => $"{t.Key}: {t.Value}")));
        output.WriteLine($"conversation: {conversation.Delivered} messages");
        failures.Should().BeEmpty();
        answers.Tally.Where(t => t.Key != DocumentedAnswers.Unanswered && !t.Key.StartsWith("Close:", StringComparison.Ordinal)).Sum(t => t.Value)
            .Should().Be(Frames - answers.Tally.GetValueOrDefault(DocumentedAnswers.Unanswered), "every frame but a Publish to the sender's own room is answered");
        answers.Tally.Keys.Should().OnlyContain(k => DocumentedAnswers.Documented.Contains(k) || k == "Close:1008" || k == "Close:4000" || k == "Close:4003");
        answers.Tally.Keys.Should().Contain(["Error:Malformed", "Error:UnknownFrameType", "Error:FrameTooLarge", "Error:InvalidName", "RoomJoinedFrame", "OkFrame"], "the mutations must reach every kind of refusal and success");
        conversation.Delivered.Should().BeGreaterThanOrEqualTo(100);
        (await relay.RegisteredAsync("carol")).Should().NotBeNull("the relay is still up and takes a new login");
    }

    /// <summary>
    /// Sends the frames numbered <paramref name="window"/>, then a ListRooms as a barrier, and checks the
    /// answers in order. Returns how many of the frames were answered (all, unless the relay closed).
    /// </summary>
    private static async Task<int> SendWindowAsync(RelayTestClient attacker, List<int> window, FrameMutator mutator, DocumentedAnswers answers, List<string> failures)
    {
        try
        {
            foreach (var index in window)
            {
                await attacker.SendRawAsync(mutator.Case(index));
            }

            await attacker.SendAsync(new ListRoomsFrame(BarrierRequestId));
        }
        catch (WebSocketException)
        {
            // The relay closed while we sent; the answers read below say how far it got.
        }

        var answered = 0;
        foreach (var index in window)
        {
            var frame = mutator.Case(index);
            if (answers.IsAnswered(frame))
            {
                if (await attacker.ReceiveRawAsync() is not { } bytes)
                {
                    return answered;
                }

                if (answers.Check(frame, Frame.Decode(bytes)) is { } problem)
                {
                    failures.Add($"{mutator.Describe(index)}: {problem}");
                }
            }

            answered++;
        }

        // Nothing more than the documented answers came: the next frame is the barrier's.
        if (await attacker.ReceiveRawAsync() is not { } barrier)
        {
            return answered;
        }

        if (Frame.Decode(barrier) is not RoomListFrame { RequestId: BarrierRequestId })
        {
            failures.Add($"after case {window[^1]}: expected the barrier's RoomList, got {Frame.Decode(barrier)}");
        }

        return answered;
    }
}
