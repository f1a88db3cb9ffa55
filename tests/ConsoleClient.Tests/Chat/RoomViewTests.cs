using FluentAssertions;
using PyChat.Client;
using PyChat.ConsoleClient.Chat;
using PyChat.ConsoleClient.Commands;
using PyChat.ConsoleClient.Rendering;

namespace PyChat.ConsoleClient.Tests.Chat;

public sealed class RoomViewTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60); // bounds a hang, never a pass
    private readonly FakeChatRoom _room = new();
    private readonly ScriptedLineInput _input = new();
    private readonly StringWriter _writer = new();

    private Task<RoomExit> Run() => new RoomView(_room, _input, new PlainChatOutput(_writer)).RunAsync(CancellationToken.None);

    private string Output => _writer.ToString();

    [Fact]
    public async Task TypedText_IsSent_AndShownAsOwnMessage_ThenEndOfInputQuitsAndLeaves()
    {
        var view = Run();
        _input.Type("hello everyone");
        _input.End();

        (await view.WaitAsync(Guard)).Should().Be(RoomExit.Quit);
        Output.Should().StartWith("You are in lobby with bob. You are its key hub.");
        _room.Sent.Should().Equal("hello everyone");
        _room.Left.Should().BeTrue();
        Output.Should().MatchRegex(@"\d\d:\d\d:\d\d alice ✓ hello everyone");
    }

    [Fact]
    public async Task MessageTheRelayRefuses_IsMarkedNotSent_WithTheReasonAndTheText_AndTheNextOneGoesOut()
    {
        _room.SendFailure = new PyChat.Client.PyChatRelayException(PyChat.Protocol.ErrorCode.RateLimited, "rate limited");
        var view = Run();
        _input.Type("first try");
        _input.Type("second try");
        _input.End();
        await view.WaitAsync(Guard);

        Output.Should().Contain("✗ Not sent: the relay refused it: too many messages at once. Your message was: first try");
        Output.Should().NotMatchRegex(@"alice ✓ first try");
        _room.Sent.Should().Equal("second try");
        Output.Should().MatchRegex(@"\d\d:\d\d:\d\d alice ✓ second try");
    }

    [Fact]
    public async Task WhileTheRelayHasNotAcknowledged_TheUserTypesOn_AndEachMessageIsShownOnceAcknowledged_InTheOrderTyped()
    {
        _room.Acknowledgements = new TaskCompletionSource();
        var view = Run();
        _input.Type("first");
        _input.Type("second");
        _input.Type("/who");
        await WaitForOutput("bob member");
        _room.Sent.Should().Equal(["first", "second"], "the input line is free while a message waits for its acknowledgement");
        Output.Should().NotContain("alice ✓", "nothing is marked sent before the relay acknowledged it");

        _room.Acknowledgements.SetResult();
        _input.End();
        await view.WaitAsync(Guard);

        Output.Should().MatchRegex(@"alice ✓ first\n(.*\n)?.*alice ✓ second");
    }

    [Fact]
    public async Task TypingBeforeTheRoomKeyArrived_SaysItWaitsForTheKeyHub()
    {
        _room.HasKey = false;
        var view = Run();
        _input.Type("hi");
        _input.End();
        await view.WaitAsync(Guard);

        Output.Should().Contain("Waiting for the key hub (alice) to send you the room key");
        Output.Should().MatchRegex(@"alice ✓ hi");
    }

    [Fact]
    public async Task RoomEvents_AreWritten_WhileWaitingForInput()
    {
        var view = Run();
        _room.Push(RoomLine.Message(DateTimeOffset.Now, "bob", "hi alice", verified: true));
        _room.Push(RoomLine.Event(DateTimeOffset.Now, "carol joined"));

        await WaitForOutput("carol joined");
        _input.Type("/leave");

        (await view.WaitAsync(Guard)).Should().Be(RoomExit.Left);
        Output.Should().Contain("bob ✓ hi alice").And.Contain("* carol joined");
    }

    [Fact]
    public async Task Who_ListsTheMembers()
    {
        var view = Run();
        _input.Type("/who");
        _input.End();
        await view.WaitAsync(Guard);

        Output.Should().Contain("alice hub ✓ aa11 (you)").And.Contain("bob member ! bb22");
    }

    [Fact]
    public async Task Verify_ShowsTheSafetyNumber_AndTrust_AcceptsTheKey()
    {
        var view = Run();
        _input.Type("/verify bob");
        _input.Type("/trust bob");
        _input.End();
        await view.WaitAsync(Guard);

        Output.Should().Contain("Safety number with bob: 12345 67890 12345 67890").And.Contain("You now trust bob's current key.");
        _room.Trusted.Should().Equal("bob");
    }

    [Fact]
    public async Task WhileSendsAreHeld_TypedTextIsNotSent_AndTheWayOnIsShown_UntilTrust()
    {
        _room.HeldBy = "bob";
        var view = Run();
        _input.Type("are you really bob?");
        _input.Type("/trust bob");
        _input.Type("now it goes");
        _input.End();

        (await view.WaitAsync(Guard)).Should().Be(RoomExit.Quit, "a held send does not end the view");
        Output.Should().Contain("Not sent: the identity key of bob changed").And.Contain("/verify bob").And.Contain("/trust bob").And.Contain("/leave");
        Output.Should().NotContain("alice ✓ are you really bob?");
        _room.Sent.Should().Equal("now it goes");
    }

    [Fact]
    public async Task VerifyOrTrust_OfSomeoneNotHere_OrOfYourself_IsExplained()
    {
        var view = Run();
        _input.Type("/trust dave");
        _input.Type("/verify alice");
        _input.End();
        await view.WaitAsync(Guard);

        Output.Should().Contain("No member named dave in lobby").And.Contain("That is you.");
        _room.Trusted.Should().BeEmpty();
    }

    [Fact]
    public async Task ALineTooLongForOneMessage_IsRefusedInWords_WithoutEchoingIt_AndTheViewGoesOn()
    {
        var view = Run();
        _input.Type(new string('y', ChatRoom.MaxMessageBytes + 1));
        _input.Type("short one");
        _input.End();
        (await view.WaitAsync(Guard)).Should().Be(RoomExit.Quit);

        Output.Should().Contain($"✗ The message is {ChatRoom.MaxMessageBytes + 1:N0} bytes long; one message holds at most {ChatRoom.MaxMessageBytes:N0} bytes");
        Output.Should().NotContain("yyyy", "a pasted file is not printed back");
        _room.Sent.Should().Equal("short one");
    }

    [Fact]
    public async Task HelpAndMistakes_AreAnswered_AndNothingIsSent()
    {
        var view = Run();
        _input.Type("/help");
        _input.Type("/dance");
        _input.Type("   ");
        _input.Type("/quit");
        (await view.WaitAsync(Guard)).Should().Be(RoomExit.Quit);

        Output.Should().Contain("/verify NAME").And.Contain("Unknown command /dance");
        _room.Sent.Should().BeEmpty();
    }

    [Fact]
    public async Task WhileReconnecting_TheViewGoesOn_AndAMessageTypedMeanwhileGetsItsTickOnceTheRoomResumed()
    {
        _room.Acknowledgements = new TaskCompletionSource(); // the relay is away: nothing is acknowledged
        var view = Run();
        _room.Push(ConnectionEventLines.ToLine(new Reconnecting(DateTimeOffset.Now, 1, TimeSpan.FromSeconds(1)))!);
        await WaitForOutput("! connection lost — reconnecting, attempt 1 in 1 s…");
        _input.Type("typed while away");
        _input.Type("/who");
        await WaitForOutput("bob member");
        Output.Should().NotContain("alice ✓ typed while away", "it waits in the outbox");

        _room.Push(ConnectionEventLines.ToLine(new Reconnected(DateTimeOffset.Now))!);
        _room.Push(RoomEventLines.ToLine(new RoomResumed("lobby", DateTimeOffset.Now, 0)));
        await WaitForOutput("* back; nothing missed");
        _room.Acknowledgements.SetResult();
        await WaitForOutput("alice ✓ typed while away");
        _input.End();

        (await view.WaitAsync(Guard)).Should().Be(RoomExit.Quit);
        _room.Sent.Should().Equal("typed while away");
        Output.Should().Contain("* connected again");
    }

    [Fact]
    public async Task APasteOfSeveralLines_StartingWithACommand_IsSentAsOneMessage_AndNotRun()
    {
        var view = Run();
        _input.Paste("/who\nsecond line");
        _input.End();
        await view.WaitAsync(Guard);

        _room.Sent.Should().Equal("/who\nsecond line");
        Output.Should().NotContain("bob member", "/who was not run");
    }

    [Fact]
    public async Task LostConnection_EndsTheView_WithItsFailure()
    {
        var view = Run();
        _room.Disconnect(new CommandFailedException(ExitCode.RelayUnreachable, "gone"));

        var run = () => view.WaitAsync(Guard);

        (await run.Should().ThrowAsync<CommandFailedException>()).Which.ExitCode.Should().Be(ExitCode.RelayUnreachable);
    }

    [Fact]
    public async Task CtrlC_IsAnInterrupt_EvenWhenTheRoomsEventsStopBeforeTheInputLineDoes()
    {
        // Ctrl+C stops both the room's events and the input line; whichever ends first, it is not a closed connection.
        using var interrupt = new CancellationTokenSource();
        var input = new LateToStopLineInput();
        var view = new RoomView(_room, input, new PlainChatOutput(_writer)).RunAsync(interrupt.Token);
        await WaitForOutput("You are in lobby");

        await interrupt.CancelAsync();
        var run = () => view.WaitAsync(Guard);

        await run.Should().ThrowAsync<OperationCanceledException>();
        input.Release();
    }

    private async Task WaitForOutput(string text)
    {
        using var timeout = new CancellationTokenSource(Guard);
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}

/// <summary>An input line that notices cancellation only when the test says so (a terminal read still under way).</summary>
internal sealed class LateToStopLineInput : ILineInput
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _released.TrySetResult();

    public async Task<InputLine?> ReadLineAsync(CancellationToken cancellationToken)
    {
        await _released.Task;
        cancellationToken.ThrowIfCancellationRequested();
        return null;
    }

    public void Dispose()
    {
    }
}
