using System.Net.WebSockets;
using FluentAssertions;
using PyChat.Protocol;
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
    private const int Seed = FrameMutator.FixedSeed;
    private const int Frames = 10_000;
    private const int FramesBeforeLogin = 2_000;
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
        async Task<RelayTestClient> Reconnect()
        {
            var again = await relay.ConnectAsync();
            (await again.LoginAsync(mallory)).Should().BeOfType<OkFrame>();
            return again;
        }

        using var stop = new CancellationTokenSource();
        var talking = Task.Run(() => conversation.TalkAsync(minimumRounds: 50, stop.Token));
        await FloodAsync(attacker, Reconnect, mutator, answers, Frames, failures);
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

    [Fact]
    public async Task MutatedFrames_BeforeLogin_AreEachAnsweredAsDocumented_AndFiveRefusedLoginsClose4003()
    {
        // Before login every frame but Register and Login is refused with NotAuthenticated, and each
        // (unsigned) Register or Login is refused and followed by a new Hello, or by 4003 the fifth time.
        // The login timeout is lifted so that a slow machine does not turn into 4001, and the failed
        // logins allowed per address so that the attempts reach the name, key and signature checks
        // instead of stopping at RateLimited.
        await using var relay = await TestRelay.StartAsync(
            null, "--Relay:FramesPerSecond", "1000000", "--Relay:FrameBurst", "1000000", "--Relay:MaxFrameBytes", $"{MaxFrameBytes}",
            "--Relay:LoginTimeout", "01:00:00", "--Relay:FailedLoginsPerAddress", "1000000");
        var mutator = new FrameMutator(EnvelopeSeeds.ClientToRelay("mallory", "fuzz"), Seed + 1, largeGrowth: 3000);
        var answers = new DocumentedAnswers(MaxFrameBytes, loggedIn: false);
        var failures = new List<string>();

        await FloodAsync(await relay.ConnectAsync(), relay.ConnectAsync, mutator, answers, FramesBeforeLogin, failures);

        output.WriteLine(string.Join(Environment.NewLine, answers.Tally.Select(t => $"{t.Key}: {t.Value}")));
        failures.Should().BeEmpty();
        answers.Tally.Keys.Should().OnlyContain(k => DocumentedAnswers.Documented.Contains(k) || k == "Close:4003");
        answers.Tally.Keys.Should().Contain(["Error:NotAuthenticated", "Error:AuthenticationFailed", "Error:InvalidKey", "Error:InvalidName", "Close:4003"]);
        (await relay.RegisteredAsync("carol")).Should().NotBeNull("the relay is still up and takes a new login");
    }

    /// <summary>Sends <paramref name="count"/> mutated frames in windows, reconnecting whenever the relay closes.</summary>
    private static async Task FloodAsync(RelayTestClient attacker, Func<Task<RelayTestClient>> reconnect, FrameMutator mutator, DocumentedAnswers answers, int count, List<string> failures)
    {
        for (var next = 0; next < count && failures.Count < 10;)
        {
            var window = Enumerable.Range(next, Math.Min(Window, count - next)).ToList();
            var answered = await SendWindowAsync(attacker, window, mutator, answers, failures);
            next += answered;
            if (answered < window.Count || attacker.CloseStatus is not null)
            {
                // Closed (only a close code of §7 may do that, and the tally checks which): connect
                // again and send the rest, so that all the frames are sent.
                answers.ConnectionClosed(attacker.CloseStatus is { } status ? (int)status : null);
                attacker = await reconnect();
            }
        }
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

                if (answers.CloseFollows)
                {
                    if (await attacker.ReceiveRawAsync() is { } extra)
                    {
                        failures.Add($"{mutator.Describe(index)}: expected the close, got {Frame.Decode(extra)}");
                    }

                    return answered + 1;
                }

                if (answers.HelloFollows && (await attacker.ReceiveRawAsync() is not { } hello || Frame.Decode(hello) is not HelloFrame))
                {
                    failures.Add($"{mutator.Describe(index)}: expected a new Hello");
                    return answered + 1;
                }
            }

            answered++;
        }

        // Nothing more than the documented answers came: the next frame is the barrier's.
        if (await attacker.ReceiveRawAsync() is not { } barrier)
        {
            return answered;
        }

        if (Frame.Decode(barrier) is not (RoomListFrame { RequestId: BarrierRequestId } or ErrorFrame { RequestId: BarrierRequestId, Code: ErrorCode.NotAuthenticated }))
        {
            failures.Add($"after case {window[^1]}: expected the barrier's RoomList, got {Frame.Decode(barrier)}");
        }

        return answered;
    }
}
